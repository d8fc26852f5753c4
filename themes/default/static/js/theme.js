/* Runs in <head> before the stylesheets: the saved light/dark choice goes on <html>
   before the first paint, so a page never flashes the other scheme. */
(function (root) {
  var saved = null;
  try { saved = localStorage.getItem("blogfolio-theme"); } catch (e) {}
  if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  root.className += " js";
})(document.documentElement);
