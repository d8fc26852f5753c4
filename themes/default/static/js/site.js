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
