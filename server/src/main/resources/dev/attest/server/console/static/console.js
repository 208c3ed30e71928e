// Attest console: local times, relative ages, the drawer's copy and close, keyboard navigation, CSRF for htmx.
(function () {
  "use strict";
  var rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  var exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  function relative(date) {
    var seconds = (date.getTime() - Date.now()) / 1000, abs = Math.abs(seconds);
    if (abs < 60) return rtf.format(Math.round(seconds), "second");
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
    if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
    if (abs < 2592000) return rtf.format(Math.round(seconds / 86400), "day");
    return exact.format(date);
  }
  function localize(root) {
    (root || document).querySelectorAll("time[datetime]").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date)) return;
      el.textContent = relative(date);
      el.title = exact.format(date) + " (" + Intl.DateTimeFormat().resolvedOptions().timeZone + ")";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localize(); focusDrawer(); });
  document.addEventListener("htmx:afterSwap", function (e) { localize(e.target); if (e.target.id === "drawer") focusDrawer(); });
  document.addEventListener("htmx:configRequest", function (e) {
    var csrf = document.querySelector("input[name=csrf]");
    if (csrf && e.detail.verb !== "get") e.detail.headers["X-CSRF-Token"] = csrf.value;
  });
  // Error state: a request that fails says so instead of leaving the page as it was.
  function showError(text) {
    var banner = document.getElementById("console-error");
    if (!banner) {
      banner = document.createElement("p");
      banner.id = "console-error";
      banner.className = "alert";
      banner.setAttribute("role", "alert");
      var main = document.getElementById("main");
      if (main) main.insertBefore(banner, main.firstChild);
    }
    banner.textContent = text;
  }
  document.addEventListener("htmx:responseError", function (e) {
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    showError(status === 401 || status === 403 ? "Your session ended. Reload the page to sign in again."
      : "The server could not answer (" + status + "). Try again in a moment.");
  });
  document.addEventListener("htmx:sendError", function () { showError("The server cannot be reached. Check your connection and try again."); });
  document.addEventListener("htmx:afterRequest", function (e) {
    var banner = document.getElementById("console-error");
    if (banner && e.detail.successful) banner.remove();
  });
  function focusDrawer() { var panel = document.getElementById("drawer-panel"); if (panel) panel.focus(); }
  function closeDrawer(e) {
    var drawer = document.getElementById("drawer");
    if (!drawer || !drawer.firstElementChild) return;
    if (e) e.preventDefault();
    var href = drawer.querySelector("[data-close]");
    drawer.innerHTML = "";
    if (href) history.pushState({}, "", href.getAttribute("href"));
  }
  document.addEventListener("click", function (e) {
    var copy = e.target.closest("[data-copy]");
    if (copy) {
      var source = document.querySelector(copy.getAttribute("data-copy"));
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.textContent).then(function () {
        copy.textContent = "Copied"; setTimeout(function () { copy.textContent = "Copy"; }, 1500);
      });
    }
    if (e.target.closest("[data-close]")) closeDrawer(e);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") closeDrawer();
    var row = e.target.closest && e.target.closest("tr.row");
    if (!row) return;
    if (e.key === "Enter") { e.preventDefault(); row.click(); }
    if (e.key === "ArrowDown" && row.nextElementSibling && row.nextElementSibling.matches("tr.row")) { e.preventDefault(); row.nextElementSibling.focus(); }
    if (e.key === "ArrowUp" && row.previousElementSibling) { e.preventDefault(); row.previousElementSibling.focus(); }
  });
})();
