// The SPARQL page: run the editor's query against /sparql as JSON and draw a table.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  var editor = document.getElementById("query");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var links = document.getElementById("links");
  var FORMATS = ["json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld"];

  function cell(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function drawTable(data) {
    var table = document.createElement("table");
    var head = document.createElement("tr");
    data.head.vars.forEach(function (v) { head.appendChild(cell("th", v)); });
    table.appendChild(head);
    data.results.bindings.forEach(function (row) {
      var tr = document.createElement("tr");
      data.head.vars.forEach(function (v) { tr.appendChild(cell("td", row[v] ? row[v].value : "")); });
      table.appendChild(tr);
    });
    return table;
  }

  function drawLinks(query) {
    links.textContent = "下载：";
    FORMATS.forEach(function (fmt) {
      var a = cell("a", fmt);
      a.href = "/sparql?format=" + fmt + "&query=" + encodeURIComponent(query);
      links.appendChild(a);
      links.appendChild(document.createTextNode(" "));
    });
  }

  function show(response, body) {
    results.textContent = "";
    var truncated = response.headers.get("X-Rows-Truncated") === "true";
    if (!response.ok) { status.textContent = "错误 " + response.status + ": " + JSON.parse(body).error.message; return; }
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("sparql-results+json") < 0) { results.appendChild(cell("pre", body)); status.textContent = ""; return; }
    var data = JSON.parse(body);
    if (data.boolean !== undefined) { status.textContent = "ASK: " + data.boolean; return; }
    status.textContent = data.results.bindings.length + " 行" + (truncated ? "（已截断 truncated）" : "");
    results.appendChild(drawTable(data));
  }

  function run() {
    var query = editor.value;
    status.textContent = "运行中…";
    drawLinks(query);
    var accept = "application/sparql-results+json, text/turtle;q=0.9";
    fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", "Accept": accept }, body: query })
      .then(function (r) { return r.text().then(function (body) { show(r, body); }); })
      .catch(function (err) { status.textContent = "错误: " + err; });
  }

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.id === "download") { return; }
    event.preventDefault();
    run();
  });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () { editor.value = button.getAttribute("data-query"); run(); });
  });
  if (status.getAttribute("data-run")) { run(); }
})();
