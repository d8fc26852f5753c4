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
  // Warnings: a small notice in a corner, closed with its button or Escape; a closed
  // notice stays closed in this tab until the warnings change.
  let notice = null;
  const closedKey = "blogfolio-notice-closed";
  function showNotice(text) {
    if (!text || sessionStorage.getItem(closedKey) === text) {
      if (notice) notice.remove();
      return;
    }
    if (!notice) {
      notice = document.createElement("div");
      notice.id = "blogfolio-notice";
      notice.setAttribute("role", "status");
      notice.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;" +
        "max-width:min(32rem,calc(100vw - 2rem));max-height:40vh;overflow:auto;" +
        "background:#fff8e1;color:#3e2c00;border:2px solid #b07d00;border-radius:6px;" +
        "padding:.75rem 2.5rem .75rem 1rem;font:13px/1.45 ui-monospace,monospace;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.25)";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "\u00d7";
      close.setAttribute("aria-label", "Dismiss the build warnings");
      close.style.cssText = "position:absolute;top:.25rem;right:.25rem;font:bold 18px/1 system-ui;" +
        "background:none;border:0;color:inherit;cursor:pointer;padding:.25rem .5rem";
      close.addEventListener("click", () => {
        sessionStorage.setItem(closedKey, notice.querySelector("pre").textContent);
        notice.remove();
      });
      notice.addEventListener("keydown", (event) => {
        if (event.key === "Escape") close.click();
      });
      notice.append(pre, close);
    }
    notice.querySelector("pre").textContent = text;
    if (!notice.isConnected) document.documentElement.append(notice);
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
    showNotice(state.notice);
    if (state.reload) reload();
    else if (state.css) swapStyles(state.epoch);
  });
})();
