/* blogfolio default theme: small progressive enhancements, no dependencies. */
(function () {
  "use strict";

  // Opened straight from disk (file://), a link to "posts/" shows a folder
  // listing instead of the page. Point relative folder links at index.html.
  if (location.protocol === "file:") {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      // Skip absolute URLs (scheme: or //), root paths and same-page anchors.
      if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) continue;
      var cut = href.search(/[?#]/);
      var path = cut < 0 ? href : href.slice(0, cut);
      var rest = cut < 0 ? "" : href.slice(cut);
      if (path === "." || path === ".." || /\/\.\.?$/.test(path)) path += "/";
      if (path.slice(-1) === "/") links[i].setAttribute("href", path + "index.html" + rest);
    }
  }

  // Code blocks wider than the column scroll sideways; make them reachable
  // from the keyboard so they can be scrolled without a mouse.
  var blocks = document.querySelectorAll("pre");
  for (var j = 0; j < blocks.length; j++) {
    if (blocks[j].scrollWidth > blocks[j].clientWidth) blocks[j].setAttribute("tabindex", "0");
  }
})();

// "Reply" under a comment: choose that comment in the reply form's
// "In reply to" list; the link itself then jumps to the form.
(function () {
  "use strict";
  var select = document.getElementById("reply-to");
  if (!select) return;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-reply-to]");
    if (link) select.value = link.getAttribute("data-reply-to");
  });
})();

// Video placeholders ({{< youtube >}}, {{< vimeo >}}): the page holds only a link
// to the video, so the video site is not contacted until the reader asks. A click
// swaps the link for the player; without this script the link simply opens the video.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".video-embed-link");
    if (!link) return;
    var box = link.parentNode;
    var player = box.getAttribute("data-player");
    if (!player || !/^https:\/\//.test(player)) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = player;
    frame.title = box.getAttribute("data-title") || "Video";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    box.replaceChild(frame, link);
    box.classList.add("video-embed-playing");
    frame.focus();
  });
})();

// Light/dark switch; theme.js applies the saved choice on the next page.
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector("[data-theme-toggle]");
  if (!button) return;
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function current() {
    return root.getAttribute("data-theme") || (system.matches ? "dark" : "light");
  }
  function show() { button.setAttribute("aria-pressed", String(current() === "dark")); }
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("blogfolio-theme", next); } catch (e) {}
    show();
  });
  if (system.addEventListener) system.addEventListener("change", show);
  show();
})();

// Menu button on narrow screens; Escape closes the menu.
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-toggle]");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  function set(open) {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();

// The résumé's print button; wide tables that scroll get keyboard focus.
(function () {
  "use strict";
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var boxes = document.querySelectorAll(".table-scroll");
  for (var i = 0; i < boxes.length; i++) {
    if (boxes[i].scrollWidth > boxes[i].clientWidth) boxes[i].setAttribute("tabindex", "0");
  }
})();
