// Enhancements only: every page is complete without this script. No framework, no third-party requests.
(function () {
  "use strict";
  var DAY = 86400000;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function timeLeft(ms) {
    var days = Math.floor(ms / DAY), hours = Math.floor((ms % DAY) / 3600000), minutes = Math.floor((ms % 3600000) / 60000);
    if (days > 0) return plural(days, "day") + " " + plural(hours, "hour") + " to go";
    if (hours > 0) return plural(hours, "hour") + " " + plural(minutes, "minute") + " to go";
    return minutes > 0 ? plural(minutes, "minute") + " to go" : "less than a minute to go";
  }

  // The deadline is written in the page as text; this adds how long is left, and once the moment has passed it
  // turns every [data-past] phrase to the past tense, so a page built days ago never says "is on" afterwards.
  function countdowns() {
    var boxes = document.querySelectorAll("[data-deadline]");
    function tick() {
      for (var i = 0; i < boxes.length; i++) {
        var box = boxes[i], start = Date.parse(box.getAttribute("data-deadline"));
        if (isNaN(start)) continue;
        var allDay = box.getAttribute("data-all-day") === "true", end = allDay ? start + DAY : start, now = Date.now();
        var countdown = box.querySelector(".countdown");
        if (now >= end) {
          var phrases = box.querySelectorAll("[data-past]");
          for (var j = 0; j < phrases.length; j++) phrases[j].textContent = phrases[j].getAttribute("data-past");
        }
        if (countdown) countdown.textContent = now >= end ? "" : now >= start ? (allDay ? "today" : "happening now") : timeLeft(start - now);
      }
    }
    if (boxes.length) { tick(); setInterval(tick, 30000); }
  }

  function copyAndShare() {
    var status = document.querySelector(".copy-status");
    var copy = document.querySelector(".copy-link");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var url = copy.getAttribute("data-url");
        navigator.clipboard.writeText(url).then(function () {
          if (status) status.textContent = "Link copied.";
        }, function () {
          if (status) status.textContent = "Could not copy; the link is " + url;
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
  // Options are written in the page; a region's rows share its <tbody data-region>.
  function directoryFilter() {
    var form = document.querySelector("form.filters"), table = document.querySelector("table.directory");
    if (!form || !table) return;
    var groups = table.tBodies, count = form.querySelector(".filter-count"), keys = ["region", "party", "stance"];
    var params = new URLSearchParams(location.search);
    ["q"].concat(keys).forEach(function (key) {
      if (form.elements[key] && params.get(key)) form.elements[key].value = params.get(key);
    });
    function wanted(key) { return form.elements[key] ? form.elements[key].value : ""; }
    function apply() {
      var q = form.elements.q.value.trim().toLowerCase(), shown = 0, total = 0;
      var region = wanted("region"), party = wanted("party"), stance = wanted("stance");
      for (var g = 0; g < groups.length; g++) {
        var group = groups[g], rows = group.querySelectorAll("tr[data-stance]"), inGroup = 0;
        var regionOk = !region || group.getAttribute("data-region") === region;
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i];
          var ok = regionOk && (!q || row.cells[0].textContent.toLowerCase().indexOf(q) !== -1) &&
            (!party || row.getAttribute("data-party") === party) &&
            (!stance || row.getAttribute("data-stance") === stance);
          row.hidden = !ok;
          if (ok) inGroup++;
        }
        group.hidden = !inGroup;
        shown += inGroup;
        total += rows.length;
      }
      count.textContent = shown === total ? total + " shown" : shown + " of " + total + " shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // A region chosen from the "find your representative" links narrows the table to it.
    var jump = document.querySelectorAll(".region-jump a");
    for (var j = 0; j < jump.length; j++) {
      jump[j].addEventListener("click", function (event) {
        if (!form.elements.region) return;
        form.elements.region.value = event.currentTarget.textContent;
        apply();
      });
    }
    form.hidden = false;
    apply();
  }

  countdowns();
  copyAndShare();
  directoryFilter();
})();
