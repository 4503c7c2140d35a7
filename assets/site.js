// Enhancements only: every page is complete without this script. No framework, no third-party requests.
(function () {
  "use strict";
  var DAY = 86400000;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // The deadline is written in the page as text; this adds how long is left and turns to the past once it passes.
  function countdowns() {
    var nodes = document.querySelectorAll(".countdown[data-deadline]");
    function tick() {
      for (var i = 0; i < nodes.length; i++) {
        var node = nodes[i], target = Date.parse(node.getAttribute("data-deadline"));
        var end = node.getAttribute("data-all-day") === "true" ? target + DAY : target;
        var now = Date.now(), text;
        if (isNaN(target)) continue;
        if (now >= end) text = "this has now taken place";
        else if (now >= target) text = "happening now";
        else {
          var left = target - now, days = Math.floor(left / DAY), hours = Math.floor((left % DAY) / 3600000);
          text = days > 0 ? plural(days, "day") + " " + plural(hours, "hour") + " to go"
                          : plural(hours, "hour") + " " + plural(Math.floor((left % 3600000) / 60000), "minute") + " to go";
        }
        if (node.textContent !== text) node.textContent = text;
      }
    }
    if (nodes.length) { tick(); setInterval(tick, 30000); }
  }

  function copyAndShare() {
    var status = document.querySelector(".copy-status");
    var copy = document.querySelector(".copy-link");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(copy.getAttribute("data-url")).then(function () {
          if (status) status.textContent = "Link copied.";
        });
      });
    }
    var share = document.querySelector(".native-share");
    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: share.getAttribute("data-title"), url: share.getAttribute("data-url") })["catch"](function () {});
      });
    }
    var copyTargets = document.querySelectorAll("[data-copy-target]");
    for (var i = 0; i < copyTargets.length; i++) {
      (function (button) {
        if (!navigator.clipboard) return;
        button.hidden = false;
        button.addEventListener("click", function () {
          var source = document.getElementById(button.getAttribute("data-copy-target"));
          navigator.clipboard.writeText(source.textContent).then(function () {
            button.textContent = "Copied";
          });
        });
      })(copyTargets[i]);
    }
  }

  // Directory: filter rows by name, region, party and stance as the visitor types; the table works without it.
  function directoryFilter() {
    var form = document.querySelector("form.filters"), table = document.querySelector("table.directory");
    if (!form || !table) return;
    var rows = table.tBodies[0].rows, count = form.querySelector(".filter-count");
    ["region", "party", "stance"].forEach(function (key) {
      var select = form.elements[key], seen = {}, values = [];
      for (var i = 0; i < rows.length; i++) {
        var value = rows[i].getAttribute("data-" + key);
        if (value && !seen[value]) { seen[value] = 1; values.push(value); }
      }
      values.sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = option.textContent = value;
        select.appendChild(option);
      });
      if (values.length < 2) select.parentNode.hidden = true;
    });
    var params = new URLSearchParams(location.search);
    ["q", "region", "party", "stance"].forEach(function (key) { if (params.get(key)) form.elements[key].value = params.get(key); });
    function apply() {
      var q = form.elements.q.value.trim().toLowerCase(), shown = 0;
      var wanted = { region: form.elements.region.value, party: form.elements.party.value, stance: form.elements.stance.value };
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], ok = !q || row.textContent.toLowerCase().indexOf(q) !== -1;
        for (var key in wanted) if (ok && wanted[key] && row.getAttribute("data-" + key) !== wanted[key]) ok = false;
        row.hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = shown + " of " + rows.length + " shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  countdowns();
  copyAndShare();
  directoryFilter();
})();
