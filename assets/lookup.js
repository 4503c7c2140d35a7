// Find who represents a ZIP code or postcode: one same-origin request for the shard of the key's prefix, then the
// answer is shown in place. The key never leaves the browser except as that prefix. No framework, no third party.
(function () {
  "use strict";
  var box = document.querySelector("[data-lookup]"), i18n = window.siteText;  // the page's words, from site.js
  if (!box || !window.fetch || !window.URLSearchParams || !i18n) return;
  var gettext = i18n.gettext, ngettext = i18n.ngettext, fill = i18n.fill;
  var form = box.querySelector("form"), input = form.querySelector("input"), status = box.querySelector(".lookup-status");
  var result = box.querySelector(".lookup-result"), param = box.getAttribute("data-param");
  var mode = box.getAttribute("data-normalise"), keyName = box.getAttribute("data-key-name");
  var prefixLength = parseInt(box.getAttribute("data-prefix-length"), 10), shardUrl = box.getAttribute("data-shard-url");
  var memberUrl = box.getAttribute("data-member-url"), stances = JSON.parse(box.getAttribute("data-stances"));
  var names = box.getAttribute("data-shards").split(" ");  // each shard's first prefix, in order
  var shards = {};

  // The same rules as microsite/lookups.py normalise_key: spaces, case and dashes do not matter, a ZIP+4 is its
  // first five digits, leading zeros stay.
  function normalise(text) {
    if (mode === "us-zip") {
      var zip = /^(\d{5})(?:-?\d{4})?$/.exec(text.replace(/\s+/g, ""));
      return zip ? zip[1] : "";
    }
    var key = text.replace(/[\s-]+/g, "").toUpperCase();
    return /^[A-Z0-9]{1,16}$/.test(key) ? key : "";
  }

  function shard(prefix) {
    if (!shards[prefix]) {
      shards[prefix] = fetch(shardUrl.replace("{prefix}", encodeURIComponent(prefix)), { credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 404) return null;  // a page older than the shards: the key is not found
          if (!response.ok) throw new Error(response.status);
          return response.json().then(index);
        });
      shards[prefix]["catch"](function () { delete shards[prefix]; });  // a network error may pass: ask again next time
    }
    return shards[prefix];
  }

  // The shard that would hold a key: the last whose name is not after the key's prefix ("" when none is).
  function shardOf(key) {
    var prefix = key.slice(0, prefixLength), low = 0, high = names.length - 1, found = "";
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (names[middle] <= prefix) { found = names[middle]; low = middle + 1; } else high = middle - 1;
    }
    return found;
  }

  // A shard lists, per answer, the endings (after p) of the keys that get it; turned once into key → answer.
  function index(data) {
    data.byKey = {};
    data.keys.forEach(function (endings, i) {
      endings.split(",").forEach(function (ending) { data.byKey[data.p + ending] = data.answers[i]; });
    });
    return data;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text, className) {
    var a = element("a", className, text);
    a.href = href;
    return a;
  }

  // A phone as render_lookups._phone writes it: [E.164, as shown], or a North American number's E.164 alone.
  function phone(p) {
    if (typeof p !== "string") return p;
    var d = p.slice(2);
    return [p, "(" + d.slice(0, 3) + ") " + d.slice(3, 6) + "-" + d.slice(6)];
  }

  // A tel: button whose number is kept on one line, so a narrow button wraps before it, never inside it.
  function call(p, label, className) {
    var a = fill(element("a", className), label, { number: element("span", "tel-number", p[1]) });
    a.href = "tel:" + p[0];
    return a;
  }

  // A card as render_lookups.member_card describes it: the member page's own Call, Email and contact links.
  function card(id, c, actionsOf) {
    var item = element("li", "lookup-card"), page = memberUrl.replace("{id}", id);
    item.appendChild(element("p", "lookup-name")).appendChild(link(page, c.n));
    var meta = item.appendChild(element("p", "member-meta", c.r ? c.r + " · " : ""));
    meta.appendChild(element("span", "stance stance-" + c.s, stances[c.s] || c.s));
    var actions = item.appendChild(element("p", "contact-actions"));
    var main = c.t && phone(c.t), local = c.l && phone(c.l);
    // Translators: a button that calls the member; %(number)s is the phone number.
    if (main) actions.appendChild(call(main, gettext("Call %(number)s"), "button primary"));
    // Translators: a button that calls the member's office in their home region; %(number)s is its phone number.
    if (local) actions.appendChild(call(local, gettext("Local office %(number)s"), "button"));
    (c.e || []).forEach(function (letter) {
      actions.appendChild(link(letter[1], gettext("Email %(name)s", { name: c.n }), "button"));
      var web = actions.appendChild(element("span"));
      web.appendChild(link(letter[2], gettext("Write in Gmail")));
      web.appendChild(document.createTextNode(" · "));
      web.appendChild(link(letter[3], gettext("Write in Outlook")));
    });
    if (c.c) actions.appendChild(link(c.c, gettext("Contact form"), "button"));
    if (c.w) actions.appendChild(link(c.w, gettext("Website"), "button"));
    var more = item.appendChild(element("p", "lookup-more"));
    (c.a || []).forEach(function (i) {
      var action = actionsOf[i];
      more.appendChild(link(page + "#" + action[0], action[1]));
      more.appendChild(document.createTextNode(" · "));
    });
    more.appendChild(link(page, gettext("All contact details")));
    return item;
  }

  function cards(ids, data) {
    var list = element("ul", "lookup-cards");
    ids.forEach(function (id) { list.appendChild(card(id, data.cards[id], data.actions)); });
    return list;
  }

  function say(text, state) {
    status.textContent = text;
    box.setAttribute("data-state", state);
  }

  function show(key, answer, data) {
    var fragment = document.createDocumentFragment(), count = 0, places = [], seen = {};
    answer.forEach(function (block) {
      block.d.forEach(function (d) { places.push(answer.length > 1 ? block.g + " " + d.l : d.l); });
    });
    if (places.length > 1) {
      // Translators: %(key_name)s is what the site calls the key it looks up ("ZIP code", "postcode"); %(places)s
      // lists the districts, "district 5 and district 7".
      fragment.appendChild(element("p", "lookup-split", gettext("Your %(key_name)s is split between %(places)s. " +
        "Each of their members is shown: your street address decides which one is yours.",
        { key_name: keyName, places: i18n.list(places) })));
    }
    var vacant = false;
    answer.forEach(function (block) {
      var ids = block.m.filter(function (id) { return !seen[id] && (seen[id] = true); });
      fragment.appendChild(element("h3", "lookup-region", block.g));
      if (ids.length) fragment.appendChild(cards(ids, data));
      count += ids.length;
      block.d.forEach(function (d) {
        var label = d.l.charAt(0).toUpperCase() + d.l.slice(1);
        fragment.appendChild(element("h4", "lookup-district", label));
        if (d.m.length) {
          fragment.appendChild(cards(d.m, data));
          count += d.m.length;
        } else {
          vacant = true;
          // Translators: %(place)s is a region and its district, "TX district 23".
          fragment.appendChild(element("p", "lookup-vacant", gettext("This seat is vacant at the moment: nobody " +
            "represents %(place)s until it is filled.", { place: block.g + " " + d.l })));
        }
      });
    });
    result.appendChild(fragment);
    // Translators: %(key)s is the ZIP code or postcode the visitor typed.
    var sentences = [ngettext("%(num)s member represents %(key)s.", "%(num)s members represent %(key)s.", count,
                              { key: key })];
    if (places.length > 1) {
      sentences.push(gettext("The %(key_name)s is split between %(places)s.",
                             { key_name: keyName, places: i18n.list(places) }));
    }
    if (vacant) sentences.push(gettext("One seat is vacant."));
    say(sentences.join(" "), vacant ? "vacant" : places.length > 1 ? "split" : "found");
  }

  function notFound(key) {
    var link = box.querySelector(".lookup-nojs a").cloneNode(true);
    // Translators: %(link)s is the link "Choose your region from the list" (the form's text without JavaScript).
    var note = gettext("Not every %(key_name)s is in the table: those of PO boxes, for instance, are not. %(link)s.");
    result.appendChild(fill(element("p", "lookup-unknown"), note, { key_name: keyName, link: link }));
    say(gettext("No members found for %(key_name)s %(key)s: it is not in the table.", { key_name: keyName, key: key }),
        "not-found");
  }

  function search(raw, updateAddress) {
    var key = normalise(raw);
    result.textContent = "";
    if (!key) {
      var typed = { text: raw.trim(), key_name: keyName };
      say(!typed.text ? gettext("Type your %(key_name)s first.", typed)
        : mode === "us-zip" ? gettext("“%(text)s” is not a %(key_name)s (five digits, such as 10001).", typed)
        : gettext("“%(text)s” is not a %(key_name)s.", typed), "invalid");
      return;
    }
    if (updateAddress && window.history.replaceState) {
      var params = new URLSearchParams(location.search);
      params.set(param, key);
      history.replaceState(null, "", location.pathname + "?" + params.toString() + location.hash);
    }
    say(gettext("Looking up %(key)s…", { key: key }), "busy");
    var name = shardOf(key);
    (name ? shard(name) : Promise.resolve(null)).then(function (data) {
      if (normalise(input.value) !== key) return;  // the visitor has typed another key since
      var answer = data && data.byKey[key];
      if (answer) show(key, answer, data); else notFound(key);
    }, function () {
      say(gettext("The lookup could not reach this site. Check your connection and try again."), "error");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value, true);
  });
  form.hidden = false;
  box.querySelector(".lookup-nojs").hidden = true;
  var linked = new URLSearchParams(location.search).get(param);
  if (linked) {
    input.value = linked;
    search(linked, false);
  }
})();
