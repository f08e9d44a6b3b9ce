// The map picture: world-atlas's Natural Earth countries (TopoJSON, served from node_modules) drawn with d3-geo,
// a dot per place sized by its number of events, each dot a link to the place's page.
(function () {
  "use strict";
  var points = JSON.parse(document.getElementById("map-data").textContent);
  var box = document.getElementById("map");

  fetch("/assets/vendor/countries-110m.json").then(function (r) { return r.json(); }).then(function (world) {
    var land = topojson.feature(world, world.objects.countries);
    var borders = topojson.mesh(world, world.objects.countries, function (a, b) { return a !== b; });

    function draw() {
      box.innerHTML = "";
      var width = Math.max(300, box.clientWidth), height = Math.round(width * 0.52);
      var projection = d3.geoEqualEarth().fitSize([width, height], { type: "Sphere" });
      var path = d3.geoPath(projection);
      var svg = d3.select(box).append("svg").attr("width", width).attr("height", height)
        .attr("viewBox", [0, 0, width, height]);
      svg.append("path").attr("d", path({ type: "Sphere" })).attr("fill", "#eef4f8").attr("stroke", "#ccd");
      svg.append("path").attr("d", path(land)).attr("fill", "#dfe3e6");
      svg.append("path").attr("d", path(borders)).attr("fill", "none").attr("stroke", "#fff").attr("stroke-width", 0.6);
      var most = d3.max(points, function (p) { return p.events; }) || 1;
      var radius = d3.scaleSqrt().domain([0, most]).range([0, Math.max(8, width / 45)]);
      var dots = svg.append("g").selectAll("a").data(points.slice().sort(function (a, b) { return b.events - a.events; }))
        .join("a").attr("href", function (p) { return p.href; });
      dots.append("circle")
        .attr("transform", function (p) { return "translate(" + projection([p.lon, p.lat]) + ")"; })
        .attr("r", function (p) { return Math.max(2.5, radius(p.events)); })
        .attr("fill", "#c0392b").attr("fill-opacity", 0.6).attr("stroke", "#7b241c").attr("stroke-width", 0.7)
        .append("title").text(function (p) { return p.label + ": " + p.events + (p.events === 1 ? " event" : " events"); });
      box.dataset.points = String(points.length);  // read by the page tests: what was drawn
    }
    draw();
    var pending = null;
    window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(draw, 150); });
  });
})();
