// The network picture: the rows of the co-participants query drawn by Cytoscape.js (served from node_modules).
// A node's size grows with the events it shares, an edge's width with the events of its category; a click opens the page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var box = document.getElementById("network");
  if (!data.nodes.length) { box.hidden = true; return; }
  var maxNode = Math.max.apply(null, data.nodes.map(function (n) { return n.weight; }));
  var maxEdge = Math.max.apply(null, data.edges.map(function (e) { return e.events; }));
  var elements = data.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label, href: n.href, size: 14 + 30 * Math.sqrt(n.weight / maxNode) } };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, colour: e.colour,
                     width: 1.5 + 8 * Math.sqrt(e.events / maxEdge), events: e.events, category: e.category } };
  }));
  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "width": "data(size)", "height": "data(size)", "background-color": "#1f3b57",
        "label": "data(label)", "font-size": 11, "color": "#222", "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1 } },
      { selector: "edge", style: { "width": "data(width)", "line-color": "data(colour)", "curve-style": "bezier",
        "opacity": 0.8 } },
      { selector: "node:active, node:selected", style: { "background-color": "#c0392b" } }
    ],
    layout: { name: data.nodes.length > 2 ? "cose" : "grid", animate: false, padding: 20,
              nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; } }
  });
  cy.on("tap", "node", function (event) { window.location.assign(event.target.data("href")); });
  box.kgNetwork = cy;  // on the element, not a global: the page tests find the nodes where they were drawn
  box.dataset.nodes = String(cy.nodes().length);  // read by the page tests: what was drawn, not what was sent
  box.dataset.edges = String(cy.edges().length);
})();
