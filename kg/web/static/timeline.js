// The timeline picture: one dot per dated event, a lane per category, drawn with D3 (served from node_modules).
// Dates keep their precision: a year or a month is placed at its start. Each dot is a link to its event.
(function () {
  "use strict";
  var points = JSON.parse(document.getElementById("timeline-data").textContent);
  var box = document.getElementById("timeline");
  if (!points.length) { box.hidden = true; return; }

  function when(text) {
    var p = text.split("-").map(Number);
    return new Date(Date.UTC(p[0], (p[1] || 1) - 1, p[2] || 1));
  }
  var lanes = [];
  points.forEach(function (p) { if (lanes.indexOf(p.label) < 0) lanes.push(p.label); });
  lanes.sort();

  function draw() {
    box.innerHTML = "";
    var width = Math.max(300, box.clientWidth), left = width < 500 ? 90 : 120, lane = 34;
    var height = 50 + lane * lanes.length;
    var dates = points.map(function (p) { return when(p.date); });
    var extent = d3.extent(dates);
    if (+extent[0] === +extent[1]) {  // one day: a month either side, so the dot is not on the edge
      extent = [d3.utcMonth.offset(extent[0], -1), d3.utcMonth.offset(extent[1], 1)];
    }
    var x = d3.scaleUtc().domain(extent).range([left, width - 16]).nice();
    var y = d3.scaleBand().domain(lanes).range([10, height - 30]).padding(0.25);
    var svg = d3.select(box).append("svg").attr("width", width).attr("height", height)
      .attr("viewBox", [0, 0, width, height]);
    svg.append("g").attr("transform", "translate(0," + (height - 28) + ")")
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
    svg.append("g").attr("transform", "translate(" + left + ",0)").call(d3.axisLeft(y).tickSize(0))
      .call(function (g) { g.select(".domain").remove(); });
    svg.append("g").selectAll("line").data(lanes).join("line")
      .attr("x1", left).attr("x2", width - 16).attr("stroke", "#eee")
      .attr("y1", function (d) { return y(d) + y.bandwidth() / 2; })
      .attr("y2", function (d) { return y(d) + y.bandwidth() / 2; });
    // A small fixed offset per point inside its lane, so events of one day stay apart.
    var links = svg.append("g").selectAll("a").data(points).join("a").attr("href", function (p) { return p.href; });
    links.append("circle")
      .attr("cx", function (p, i) { return x(dates[i]); })
      .attr("cy", function (p, i) { return y(p.label) + y.bandwidth() / 2 + ((i * 7) % 5 - 2) * y.bandwidth() / 7; })
      .attr("r", 5).attr("fill", function (p) { return p.colour; }).attr("fill-opacity", 0.85)
      .attr("stroke", "#fff")
      .append("title").text(function (p) { return p.title; });
  }
  draw();
  var pending = null;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(draw, 150); });
})();
