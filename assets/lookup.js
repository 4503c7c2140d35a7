// Find who represents a ZIP code or postcode: one same-origin request for the shard of the key's prefix, then the
// answer is shown in place. The key never leaves the browser except as that prefix. No framework, no third party.
(function () {
  "use strict";
  var box = document.querySelector("[data-lookup]");
  if (!box || !window.fetch || !window.URLSearchParams) return;
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

  function listOf(words) {
    return words.length < 2 ? words.join("") : words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
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
    var a = link("tel:" + p[0], label, className);
    a.appendChild(element("span", "tel-number", p[1]));
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
    if (main) actions.appendChild(call(main, "Call ", "button primary"));
    if (local) actions.appendChild(call(local, "Local office ", "button"));
    (c.e || []).forEach(function (letter) {
      actions.appendChild(link(letter[1], "Email " + c.n, "button"));
      var web = actions.appendChild(element("span"));
      web.appendChild(link(letter[2], "Write in Gmail"));
      web.appendChild(document.createTextNode(" · "));
      web.appendChild(link(letter[3], "Write in Outlook"));
    });
    if (c.c) actions.appendChild(link(c.c, "Contact form", "button"));
    if (c.w) actions.appendChild(link(c.w, "Website", "button"));
    var more = item.appendChild(element("p", "lookup-more"));
    (c.a || []).forEach(function (i) {
      var action = actionsOf[i];
      more.appendChild(link(page + "#" + action[0], action[1]));
      more.appendChild(document.createTextNode(" · "));
    });
    more.appendChild(link(page, "All contact details"));
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
      fragment.appendChild(element("p", "lookup-split", "Your " + keyName + " is split between " +
        listOf(places) + ". Each of their members is shown: your street address decides which one is yours."));
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
          fragment.appendChild(element("p", "lookup-vacant", "This seat is vacant at the moment: nobody represents " +
            block.g + " " + d.l + " until it is filled."));
        }
      });
    });
    result.appendChild(fragment);
    var text = (count === 1 ? "1 member represents " : count + " members represent ") + key + "." +
      (places.length > 1 ? " The " + keyName + " is split between " + listOf(places) + "." : "") +
      (vacant ? " One seat is vacant." : "");
    say(text, vacant ? "vacant" : places.length > 1 ? "split" : "found");
  }

  function notFound(key) {
    var note = element("p", "lookup-unknown");
    note.appendChild(document.createTextNode("Some " + keyName + "s, such as those for PO boxes, are in no table. "));
    var link = box.querySelector(".lookup-nojs a").cloneNode(true);
    note.appendChild(link);
    note.appendChild(document.createTextNode("."));
    result.appendChild(note);
    say("No members found for " + keyName + " " + key + ": it is not in the table.", "not-found");
  }

  function search(raw, updateAddress) {
    var key = normalise(raw);
    result.textContent = "";
    if (!key) {
      say(raw.trim() ? "“" + raw.trim() + "” is not a " + keyName + (mode === "us-zip" ? " (five digits, such as 10001)." : ".")
        : "Type your " + keyName + " first.", "invalid");
      return;
    }
    if (updateAddress && window.history.replaceState) {
      var params = new URLSearchParams(location.search);
      params.set(param, key);
      history.replaceState(null, "", location.pathname + "?" + params.toString() + location.hash);
    }
    say("Looking up " + key + "…", "busy");
    var name = shardOf(key);
    (name ? shard(name) : Promise.resolve(null)).then(function (data) {
      if (normalise(input.value) !== key) return;  // the visitor has typed another key since
      var answer = data && data.byKey[key];
      if (answer) show(key, answer, data); else notFound(key);
    }, function () {
      say("The lookup could not reach this site. Check your connection and try again.", "error");
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
