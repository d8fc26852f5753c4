// blogfolio live reload: injected by `blogfolio serve` into HTML responses only.
(() => {
  "use strict";
  const here = location.pathname.replace(/index\.html$/, "");
  const key = "blogfolio-scroll:" + here;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    addEventListener("load", () => scrollTo(0, y));
    scrollTo(0, y);
  }
  let overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "blogfolio-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Build error");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      const title = document.createElement("h2");
      title.textContent = "Build failed: the page shows the last good build";
      title.style.cssText = "color:#ff8a80;font:bold 18px/1.4 system-ui,sans-serif;margin:0 0 1rem";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.append(title, pre);
    }
    overlay.querySelector("pre").textContent = text;
    if (!overlay.isConnected) document.documentElement.append(overlay);
  }
  function hideError() {
    if (overlay) overlay.remove();
  }
  function swapStyles(epoch) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("_reload", String(epoch));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove());
      link.after(fresh);
    }
  }
  function reload() {
    sessionStorage.setItem(key, String(scrollY));
    location.reload();
  }
  const events = new EventSource("/_blogfolio/events?path=" + encodeURIComponent(location.pathname));
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.error) {
      showError(state.error);
      return;
    }
    hideError();
    if (state.reload) reload();
    else if (state.css) swapStyles(state.epoch);
  });
})();
