// Wide tables scroll inside their own region, never the page (WCAG 2.1, 1.4.10 Reflow).
// Where a table is wider than its region, the region becomes a named tab stop (a keyboard user scrolls it
// with the arrow keys) and a cue above it says so; where the table fits, neither is there.
(function () {
  "use strict";
  var script = document.currentScript;
  var cueText = script.dataset.cue;
  var fallback = script.dataset.label;

  function labelOf(region) {
    var caption = region.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return (text || fallback) + " · " + cueText;
  }

  function update(region) {
    var wide = region.scrollWidth > region.clientWidth + 1;
    var cue = region.previousElementSibling;
    if (!(cue && cue.classList.contains("scroll-cue"))) cue = null;
    if (wide) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", labelOf(region));
      if (!cue) {
        cue = document.createElement("p");
        cue.className = "scroll-cue small d-print-none";
        cue.setAttribute("aria-hidden", "true"); // the region's name already says it
        cue.textContent = "↔ " + cueText;
        region.parentNode.insertBefore(cue, region);
      }
    } else {
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute("aria-label");
      if (cue) cue.remove();
    }
  }

  function start() {
    var regions = document.querySelectorAll(".table-responsive");
    regions.forEach(update);
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      regions.forEach(function (region) { observer.observe(region); });
    } else {
      window.addEventListener("resize", function () { regions.forEach(update); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
