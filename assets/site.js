// Enhancements only: every page is complete without this script. No framework, no third-party requests.
(function () {
  "use strict";
  var DAY = 86400000;

  // The words the scripts show, in the page's language. The builder writes each script's translated messages
  // beside it in a <script type="application/json" data-messages> block (microsite/script_messages.py); a message
  // not there (an English page, a template without the block) is shown as written. Messages are gettext's, with
  // %(name)s placeholders, so `python build.py messages` finds them here as it finds the templates' own.
  var lang = document.documentElement.lang || "en", catalog = null, numbers = null, plurals = null;
  // Bare "en" is World English, as the builder writes it (microsite/i18n.py LOCALE_OF): "A, B and C".
  var locale = lang === "en" ? "en-001" : lang;

  function messages() {
    if (!catalog) {
      catalog = {};
      var blocks = document.querySelectorAll('script[type="application/json"][data-messages]');
      for (var i = 0; i < blocks.length; i++) {
        try {
          var words = JSON.parse(blocks[i].textContent);
          for (var key in words) if (Object.prototype.hasOwnProperty.call(words, key)) catalog[key] = words[key];
        } catch (e) { /* a damaged block: its messages are shown as written */ }
      }
    }
    return catalog;
  }

  function number(n) {
    try {
      numbers = numbers || new Intl.NumberFormat(locale);
      return numbers.format(n);
    } catch (e) { return String(n); }
  }

  // "%(name)s" → the value (a number in the language's digits and separators); "%%" → "%", as Python formats them.
  function format(text, values) {
    if (!values) return text;
    return text.replace(/%(?:\((\w+)\)s|%)/g, function (whole, name) {
      if (!name) return "%";
      var value = values[name];
      return value === undefined ? whole : typeof value === "number" ? number(value) : String(value);
    });
  }

  // The text the catalog has under `key` ("context\u0004message" with a context), else the message as written.
  function translated(key, message, values) {
    var text = messages()[key];
    return format(typeof text === "string" ? text : message, values);
  }

  function gettext(message, values) { return translated(message, message, values); }
  function pgettext(context, message, values) { return translated(context + "\u0004" + message, message, values); }

  // The form of the number's CLDR plural category (Arabic has six); %(num)s is the number.
  function ngettext(singular, plural, n, values) {
    var forms = messages()[singular], text = n === 1 ? singular : plural;
    if (forms && typeof forms === "object") {
      var category = n === 1 ? "one" : "other";
      try {
        plurals = plurals || new Intl.PluralRules(locale);
        category = plurals.select(n);
      } catch (e) { /* a browser without Intl.PluralRules */ }
      text = forms[category] || forms.other || text;
    }
    var all = { num: n };
    for (var key in values) if (Object.prototype.hasOwnProperty.call(values, key)) all[key] = values[key];
    return format(text, all);
  }

  // The message with each %(name)s that is a node (a link, a span) put in its place: a sentence stays one message.
  function fill(element, text, values) {
    var parts = text.split(/%\((\w+)\)s/);
    for (var i = 0; i < parts.length; i++) {
      var value = i % 2 ? values[parts[i]] : parts[i];
      if (value && value.nodeType) element.appendChild(value);
      else if (value !== undefined && value !== "") element.appendChild(document.createTextNode(String(value)));
    }
    return element;
  }

  // "A, B and C" in the language's own list pattern.
  function list(words) {
    try {
      return new Intl.ListFormat(locale, { type: "conjunction" }).format(words);
    } catch (e) { return words.join(", "); }
  }

  // For the scripts that run after this one (lookup.js).
  window.siteText = { gettext: gettext, ngettext: ngettext, pgettext: pgettext, fill: fill, list: list };

  function days(n) { return ngettext("%(num)s day", "%(num)s days", n); }
  function hours(n) { return ngettext("%(num)s hour", "%(num)s hours", n); }
  function minutes(n) { return ngettext("%(num)s minute", "%(num)s minutes", n); }

  function timeLeft(ms) {
    var d = Math.floor(ms / DAY), h = Math.floor((ms % DAY) / 3600000), m = Math.floor((ms % 3600000) / 60000);
    // Translators: the countdown to the vote, "3 days 4 hours to go": %(larger)s is a number of days (or of hours),
    // %(smaller)s a number of hours (or of minutes), each already written with its unit.
    if (d > 0) return gettext("%(larger)s %(smaller)s to go", { larger: days(d), smaller: hours(h) });
    if (h > 0) return gettext("%(larger)s %(smaller)s to go", { larger: hours(h), smaller: minutes(m) });
    // Translators: the countdown to the vote when less than an hour is left: %(time)s is "12 minutes".
    return m > 0 ? gettext("%(time)s to go", { time: minutes(m) }) : gettext("less than a minute to go");
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
        if (!countdown) continue;
        // Translators: the countdown's text on the day of a vote that lasts all day.
        countdown.textContent = now >= end ? "" : now >= start ? (allDay ? pgettext("countdown", "today")
          : gettext("happening now")) : timeLeft(start - now);
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
          if (status) status.textContent = gettext("Link copied.");
        }, function () {
          if (status) status.textContent = gettext("Could not copy; the link is %(url)s", { url: url });
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
            // Translators: a Copy button's text once its text is copied (the letter, the code to embed).
            button.textContent = gettext("Copied");
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
      // Translators: how many rows of the directory's table (members) the filters show, "4 shown", "1 of 4 shown".
      count.textContent = shown === total ? ngettext("%(num)s shown", "%(num)s shown", total)
        : ngettext("%(num)s of %(total)s shown", "%(num)s of %(total)s shown", shown, { total: total });
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
