/* Draws every [data-plotly] container from the JSON figure next to it. */
(function () {
  "use strict";
  function draw() {
    var rtl = document.documentElement.dir === "rtl";
    document.querySelectorAll("[data-plotly]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly"));
      if (!source || el.dataset.drawn) { return; }
      var figure = JSON.parse(source.textContent);
      var config = { responsive: true, displaylogo: false, locale: rtl ? "ar" : "en" };
      window.Plotly.newPlot(el, figure.data, figure.layout || {}, config);
      el.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
