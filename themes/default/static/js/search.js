/* blogfolio default theme: the search page, and only it, loads this.
   It adds Pagefind's UI from the index the build wrote to pagefind/ and runs the
   query the header box sent as ?q=. Without an index (the live preview) it says so. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  var bundle = new URL(root.getAttribute("data-bundle"), location.href);
  var base = new URL(root.getAttribute("data-base"), location.href);
  var query = new URLSearchParams(location.search).get("q") || "";

  function unavailable() {
    document.getElementById("search-unavailable").hidden = false;
  }

  // Pagefind's field is named only by its title; give it a visible label.
  function labelInput() {
    var input = root.querySelector("input.pagefind-ui__search-input");
    if (!input) return;
    input.id = "search-page-q";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "search-label";
    label.textContent = "Words to search for";
    root.insertBefore(label, root.firstChild);
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(style);

  var script = document.createElement("script");
  script.src = new URL("pagefind-ui.js", bundle).href;
  script.onerror = unavailable;
  script.onload = function () {
    if (typeof window.PagefindUI !== "function") return unavailable();
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      baseUrl: base.pathname,
      showImages: false,
      showSubResults: true,
      autofocus: !query,
    });
    labelInput();
    if (query) ui.triggerSearch(query);
  };
  document.head.appendChild(script);
})();
