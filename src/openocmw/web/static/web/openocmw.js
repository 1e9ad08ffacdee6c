// OpenOCMW's own script. The Content-Security-Policy allows scripts from this site only (no
// inline script or event attribute), so behaviour that a template needs is declared with a
// data- attribute and attached here.
(function () {
  "use strict";
  function attach(root) {
    root.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      if (select.dataset.submitAttached) return;
      select.dataset.submitAttached = "1";
      select.addEventListener("change", function () {
        if (select.form) select.form.submit();
      });
    });
  }
  // The menu collapses behind a button on a narrow screen (CSS: .menu-toggle is shown below
  // 900px). Without this script the button stays hidden and the menu stays open.
  function menu() {
    var button = document.getElementById("menu-toggle");
    var panel = document.getElementById("site-menu");
    if (!button || !panel) return;
    button.hidden = false;
    document.documentElement.classList.add("has-menu-toggle");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      panel.classList.toggle("open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        panel.classList.remove("open");
        button.focus();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { attach(document); menu(); });
  document.addEventListener("htmx:load", function (event) { attach(event.target); });
})();
