// The dashboard's charts (Chart.js from static/vendor). Data comes from a JSON script
// element; clicking a bar opens the filtered list behind it. No inline script.
(function () {
  var source = document.getElementById("dashboard-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var t = data.titles;
  var colours = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1"];

  function openOnClick(links) {
    return function (event, elements, chart) {
      if (!elements.length) { return; }
      var element = elements[0];
      var target = Array.isArray(links[0]) ? links[element.datasetIndex][element.index] : links[element.index];
      if (target) { window.location.href = target; }
    };
  }

  // On a phone a long label ("Xây dựng mô hình trình diễn kỹ thuật") is cut by the chart:
  // it is broken into lines of a few words instead.
  var narrow = window.matchMedia("(max-width: 575.98px)").matches;
  function wrap(label, width) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function wrapped(width) {
    return function (value) { return wrap(this.getLabelForValue(value), width); };
  }

  var byYear = data.by_year;
  new Chart(document.getElementById("chart-by-year"), {
    type: "bar",
    data: {
      labels: byYear.labels,
      datasets: byYear.datasets.map(function (d, i) {
        return { label: d.label, data: d.projects, backgroundColor: colours[i], stack: "projects" };
      })
    },
    options: {
      responsive: true,
      onClick: openOnClick(byYear.datasets.map(function (d) { return d.links; })),
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: t.projects } } },
      plugins: {
        tooltip: {
          callbacks: {
            afterLabel: function (ctx) {
              var million = byYear.datasets[ctx.datasetIndex].support[ctx.dataIndex] / 1e6;
              return t.support + ": " + million.toLocaleString("vi-VN");
            }
          }
        }
      }
    }
  });

  var byContent = data.by_content;
  new Chart(document.getElementById("chart-by-content"), {
    type: "bar",
    data: { labels: byContent.labels, datasets: [{ label: t.projects, data: byContent.projects, backgroundColor: colours[0] }] },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: !narrow,
      onClick: openOnClick(byContent.links),
      plugins: { legend: { display: false } },
      scales: { y: { ticks: { autoSkip: false, callback: wrapped(narrow ? 16 : 32) } } }
    }
  });

  var byCommune = data.by_commune;
  new Chart(document.getElementById("chart-by-commune"), {
    type: "bar",
    data: {
      labels: byCommune.labels,
      datasets: [
        { label: t.establishments, data: byCommune.establishments, backgroundColor: colours[0] },
        { label: t.collaborators, data: byCommune.collaborators, backgroundColor: colours[2] }
      ]
    },
    options: {
      responsive: true,
      onClick: openOnClick([byCommune.links, byCommune.links]),
      maintainAspectRatio: !narrow,
      scales: { x: { ticks: { autoSkip: false, maxRotation: narrow ? 90 : 60, callback: wrapped(14) } } }
    }
  });
})();
