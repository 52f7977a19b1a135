/* handouts – the programme builder's one script, served from /-/builder.js.
 *
 * The builder works without it: every button posts the form and the server answers with a
 * redirect (Post/Redirect/Get) or, for a PDF, the PDF. With it:
 * - the catalogue filters as one types or chooses a category or body part, and the body-part
 *   groups with a hit unfold (they fold back, as the user left them, when the search is cleared);
 * - ticking an exercise adds it to the programme at once, with its default dose in the fields;
 *   up, down and remove move the rows in place and keep the keyboard focus on the button;
 * - the whole form is kept in this tab's sessionStorage: the patient's name and the note come
 *   back after the server's redirect and after Back, without ever being in a URL, a cookie or
 *   on the server; "Clear the form" forgets them;
 * - leaving the page with changes not yet sent asks first;
 * - the share link has a copy button, and the preview shows the name and note as typed.
 * Text is only ever set with textContent: nothing typed becomes HTML.
 */
(function () {
  "use strict";

  const form = document.getElementById("builder");
  if (!form) {
    return;
  }
  const KEY = "handouts-builder:" + form.dataset.clinic;
  const list = document.getElementById("chosen-list");
  const rowTemplate = document.getElementById("chosen-template");
  const announcer = document.getElementById("announce");
  const search = document.getElementById("q");
  const category = document.getElementById("category");
  const part = document.getElementById("part");
  const picks = Array.from(form.querySelectorAll(".pick"));
  // An exercise is listed under every body part it names: the first pick is its main entry,
  // the others are copies whose checkboxes are kept ticked alike.
  const pickBySlug = new Map();
  for (const pick of picks) {
    if (!pickBySlug.has(pick.dataset.slug)) {
      pickBySlug.set(pick.dataset.slug, pick);
    }
  }

  function tick(slug, chosen) {
    for (const pick of picks) {
      if (pick.dataset.slug === slug) {
        pick.querySelector('input[type="checkbox"]').checked = chosen;
      }
    }
  }
  const DETAILS = ["patient", "therapist", "note", "weeks"];
  // "xnote" is the exercise's own note: kept in the tab with its dose, like the main note.
  const DOSE = ["sets", "amount", "unit", "side", "times", "per", "extra", "xnote"];
  let dirty = false;
  let leaving = false;

  // --- small helpers ------------------------------------------------------------------------

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = text; }, 60);
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  // As the server folds text for search (model/catalogue.py): lower-case ASCII words.
  function fold(text) {
    return text.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
      .normalize("NFKD").replace(/[^\x00-\x7f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  // --- the catalogue: instant filtering -------------------------------------------------------

  // As the server matches (model/catalogue.py): a word starts a word of the exercise, or — five
  // letters or more, and starting no word of any exercise — is one typo (a letter added, left
  // out, changed, or two swapped) from one.
  const TYPO_MIN_LETTERS = 5;

  function oneEdit(a, b) {
    if (a === b) {
      return true;
    }
    if (Math.abs(a.length - b.length) > 1) {
      return false;
    }
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
      i += 1;
    }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1)
        || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function wordMatches(word, haystack, typo) {
    if (haystack.includes(" " + word)) {
      return true;
    }
    if (!typo || word.length < TYPO_MIN_LETTERS) {
      return false;
    }
    return haystack.split(" ").some((candidate) => candidate
      && (oneEdit(word, candidate) || oneEdit(word, candidate.slice(0, word.length))));
  }

  let countTimer = 0;

  // As the server ranks (web/pages.py): an exercise the search names exactly (its name, a clinic
  // name or its English name) comes first, its group at the top; then the group the search names
  // (a body part); otherwise the catalogue's order.
  const catalogueList = document.getElementById("catalogue-list");
  const byPlace = (a, b) => Number(a.dataset.at) - Number(b.dataset.at);
  const groupsInOrder = Array.from(catalogueList.querySelectorAll(":scope > .group")).sort(byPlace);
  const picksInOrder = new Map(groupsInOrder.map((group) => [group, Array.from(group.querySelectorAll(".pick")).sort(byPlace)]));

  function isFiltering() {
    return fold(search.value) !== "" || category.value !== "" || Boolean(part && part.value);
  }

  // The groups the user unfolded by hand while not searching (a search opens its own and folds
  // them back when it is cleared). Clicking a group's title, or Enter or Space on it, toggles it.
  const unfolded = new Set(isFiltering() ? [] : groupsInOrder.filter((group) => group.open).map((group) => group.id));
  catalogueList.addEventListener("click", (event) => {
    const title = event.target.closest(".group > summary");
    if (!title || isFiltering()) {
      return;
    }
    const group = title.parentElement;
    if (group.open) {
      unfolded.delete(group.id);  // the click is about to fold it
    } else {
      unfolded.add(group.id);
    }
  });

  function rank(query, shownSlugs) {
    const named = (pick) => shownSlugs.has(pick.dataset.slug) && query !== ""
      && pickBySlug.get(pick.dataset.slug).dataset.names.split("|").includes(query);
    const first = [];
    const then = [];
    const rest = [];
    for (const group of groupsInOrder) {
      const groupPicks = picksInOrder.get(group);
      const exact = groupPicks.filter(named);
      reorder(group.querySelector(".picks"), [...exact, ...groupPicks.filter((pick) => !exact.includes(pick))]);
      const title = fold(document.getElementById(group.id + "-name").textContent);
      (exact.length ? first : query !== "" && title === query ? then : rest).push(group);
    }
    reorder(catalogueList, [...first, ...then, ...rest]);
  }

  // Moves nodes only when the order changes (a moved node would lose the focus it holds).
  function reorder(parent, wanted) {
    const now = Array.from(parent.children).filter((child) => wanted.includes(child));
    if (now.some((child, at) => child !== wanted[at])) {
      const after = now.length ? now[now.length - 1].nextSibling : null;
      for (const child of wanted) {
        parent.insertBefore(child, after);
      }
    }
  }

  function applyFilter() {
    const words = fold(search.value).split(" ").filter(Boolean);
    const wanted = category.value;
    const bodyPart = part ? part.value : "";
    const shownSlugs = new Set();
    const mains = Array.from(pickBySlug.values());
    const typo = new Map(words.map((word) => [word, !mains.some((pick) => pick.dataset.search.includes(" " + word))]));
    for (const pick of picks) {
      const data = pickBySlug.get(pick.dataset.slug).dataset;  // a copy reads its first listing's data
      const match = words.every((word) => wordMatches(word, data.search, typo.get(word)))
        && (!wanted || data.category === wanted)
        && (!bodyPart || data.parts.includes(" " + bodyPart + " "));
      pick.hidden = !match;
      if (match) {
        shownSlugs.add(pick.dataset.slug);
      }
    }
    rank(words.join(" "), shownSlugs);
    const shown = shownSlugs.size;
    const filtering = isFiltering();
    for (const group of groupsInOrder) {
      const hits = group.querySelectorAll(".pick:not([hidden])").length;
      group.hidden = hits === 0;
      // A search opens every group with a hit; without one, the groups are as the user left them.
      group.open = filtering ? hits > 0 : unfolded.has(group.id);
      group.querySelector("[data-group-count]").textContent = "(" + fill(
        hits === 1 ? form.dataset.msgProgrammeCountOne : form.dataset.msgProgrammeCountOther, { n: hits }) + ")";
    }
    document.getElementById("no-match").hidden = shown > 0;
    // The count is a live region: updated once typing pauses, not at every key.
    window.clearTimeout(countTimer);
    countTimer = window.setTimeout(() => {
      document.getElementById("filter-count").textContent = fill(form.dataset.msgCount, { shown: shown, total: pickBySlug.size });
    }, 400);
  }

  // --- the programme: rows ----------------------------------------------------------------------

  function rows() {
    return Array.from(list.querySelectorAll(".chosen"));
  }

  function rowOf(slug) {
    return document.getElementById("chosen-" + slug);
  }

  function doseOf(slug) {
    const dose = {};
    for (const name of DOSE) {
      const input = field(name + "-" + slug);
      dose[name] = input.type === "checkbox" ? input.checked : input.value;
    }
    return dose;
  }

  function setDose(slug, dose) {
    for (const name of DOSE) {
      const input = field(name + "-" + slug);
      if (!input || !(name in dose)) {
        continue;
      }
      if (input.type === "checkbox") {
        input.checked = Boolean(dose[name]);
      } else {
        input.value = dose[name];
      }
    }
  }

  function addRow(slug, dose) {
    const pick = pickBySlug.get(slug);
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    for (const element of [row, ...row.querySelectorAll("*")]) {
      for (const attribute of Array.from(element.attributes)) {
        if (attribute.value.includes("__slug__")) {
          element.setAttribute(attribute.name, attribute.value.split("__slug__").join(slug));
        }
      }
    }
    for (const element of row.querySelectorAll('[data-fill="name"]')) {
      element.textContent = pick.dataset.name;
      if (pick.dataset.lang && pick.dataset.lang !== document.documentElement.lang) {
        element.lang = pick.dataset.lang;  // a Danish exercise under English labels
      }
    }
    row.querySelector('[data-fill="default"]').textContent = pick.dataset.defaultWords;
    const thumb = row.querySelector('[data-fill="thumb"]');
    if (pick.dataset.thumb) {
      thumb.src = pick.dataset.thumb;
    } else {
      thumb.remove();
    }
    if (pick.dataset.noFrequency !== "true") {
      row.querySelector("option[data-no-frequency]").remove();
    }
    list.appendChild(row);
    setDose(slug, dose || JSON.parse(pick.dataset.default));
    summarise(row);
    return row;
  }

  // The dose as one line, as the server writes it in chosen_row.html.j2.
  function summarise(row) {
    const slug = row.dataset.slug;
    const dose = doseOf(slug);
    const unit = { reps: form.dataset.sumReps, s: form.dataset.sumS, min: form.dataset.sumMin }[dose.unit] || "";
    let text = dose.sets + " × " + dose.amount + (unit ? " " + unit : "");
    if (dose.side) {
      text += ", " + form.dataset.sumSide;
    }
    if (dose.extra) {
      text += ", " + dose.extra;
    }
    if (dose.per && dose.times) {
      const once = dose.times === "1";
      const often = dose.per === "day" ? (once ? form.dataset.sumDaily : form.dataset.sumDay)
        : (once ? form.dataset.sumWeekly : form.dataset.sumWeek);
      text += ", " + fill(often, { n: dose.times });
    }
    row.querySelector('[data-fill="summary"]').textContent = text;
  }

  // Where the thumb is: the bar at the bottom says what just happened, for a moment.
  function tell(text, pick) {
    const news = document.querySelector("[data-bar-news]");
    const bar = news.parentElement;
    news.textContent = text;
    for (const element of pick ? [bar, pick] : [bar]) {
      const flash = element === bar ? "builder-bar--flash" : "pick--added";
      element.classList.remove(flash);
      void element.offsetWidth;  // restart the animation
      element.classList.add(flash);
    }
    window.clearTimeout(tell.timer);
    tell.timer = window.setTimeout(() => { news.textContent = ""; }, 4000);
  }

  function renumber() {
    const all = rows();
    document.querySelector("[data-bar-count]").textContent = String(all.length);
    all.forEach((row, index) => {
      row.querySelector('[data-fill="number"]').textContent = String(index + 1);
      const up = row.querySelector('[data-move="up"]');
      const down = row.querySelector('[data-move="down"]');
      if (index === 0) { up.setAttribute("aria-disabled", "true"); } else { up.removeAttribute("aria-disabled"); }
      if (index === all.length - 1) { down.setAttribute("aria-disabled", "true"); } else { down.removeAttribute("aria-disabled"); }
    });
    document.getElementById("programme-empty").hidden = all.length > 0;
    const one = all.length === 1;
    document.getElementById("programme-count").textContent =
      "(" + fill(one ? form.dataset.msgProgrammeCountOne : form.dataset.msgProgrammeCountOther, { n: all.length }) + ")";
  }

  function choose(slug, chosen) {
    const pick = pickBySlug.get(slug);
    tick(slug, chosen);
    const row = rowOf(slug);
    if (chosen && !row) {
      addRow(slug);
      renumber();
      const added = fill(form.dataset.msgAdded, { name: pick.dataset.name, n: rows().length });
      announce(added);
      tell(added, pick);
    } else if (!chosen && row) {
      row.remove();
      renumber();
      const removed = fill(form.dataset.msgRemoved, { name: pick.dataset.name });
      announce(removed);
      tell(removed, null);
    }
  }

  function move(button) {
    const row = button.closest(".chosen");
    const slug = row.dataset.slug;
    const name = pickBySlug.get(slug).dataset.name;
    const how = button.dataset.move;
    if (how === "remove") {
      const next = row.nextElementSibling || row.previousElementSibling;
      choose(slug, false);
      (next ? next.querySelector('[data-move="remove"]') : document.getElementById("programme")).focus();
      return;
    }
    if (how === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (how === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    button.focus();  // moving the row took the focus away: give it back to the same button
    const all = rows();
    announce(fill(form.dataset.msgMoved, { name: name, n: all.indexOf(row) + 1, total: all.length }));
  }

  // --- the form in sessionStorage ------------------------------------------------------------

  function state(carry) {
    const chosen = rows().map((row) => row.dataset.slug);
    const doses = {};
    for (const slug of chosen) {
      doses[slug] = doseOf(slug);
    }
    const saved = { url: location.pathname + location.search, carry: carry, chosen: chosen, doses: doses,
      q: search.value, category: category.value, part: part ? part.value : "" };
    for (const name of DETAILS) {
      saved[name] = field(name).value;
    }
    return saved;
  }

  function save(carry) {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(state(carry)));
    } catch (error) {
      // Storage may be switched off: the form still works, it is only not kept.
    }
  }

  function load() {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(KEY);
    } catch (error) {
      // nothing kept, nothing to forget
    }
  }

  function restoreDetails(saved) {
    for (const name of DETAILS) {
      if (typeof saved[name] === "string" && name !== "weeks" && !field(name).value) {
        field(name).value = saved[name];
      }
    }
    // Each exercise's own note, which the server never saw, back on the exercises still chosen.
    for (const [slug, dose] of Object.entries(saved.doses || {})) {
      const note = field("xnote-" + slug);
      if (note && typeof dose.xnote === "string" && !note.value) {
        note.value = dose.xnote;
      }
    }
  }

  function restoreAll(saved) {
    for (const row of rows()) {
      row.remove();
    }
    for (const pick of picks) {
      pick.querySelector('input[type="checkbox"]').checked = false;
    }
    for (const slug of saved.chosen || []) {
      if (pickBySlug.has(slug) && !rowOf(slug)) {
        tick(slug, true);
        addRow(slug, (saved.doses || {})[slug]);
      }
    }
    for (const name of DETAILS) {
      if (typeof saved[name] === "string") {
        field(name).value = saved[name];
      }
    }
    search.value = saved.q || "";
    category.value = saved.category || "";
    if (part) {
      part.value = saved.part || "";
    }
    renumber();
    applyFilter();
  }

  function hasContent(saved) {
    return (saved.chosen && saved.chosen.length) || saved.patient || saved.note;
  }

  // --- the finished programme: copy the link, show the name and note in the preview ------------

  function mirror() {
    for (const element of document.querySelectorAll("[data-mirror]")) {
      const input = field(element.dataset.mirror);
      if (!input) {
        continue;  // an exercise's note, the exercise since removed: the preview is redone on sending
      }
      const value = input.value.trim();
      element.textContent = value || element.dataset.empty;
      const box = element.closest("[data-mirror-box]") || (element.dataset.mirror === "note" ? element : null);
      if (box) {
        box.hidden = !value;
      }
    }
  }

  function setUpCopy() {
    const button = document.querySelector("[data-copy]");
    if (!button) {
      return;
    }
    const status = document.querySelector("[data-copied]");
    button.parentElement.hidden = false;
    button.addEventListener("click", () => {
      const done = () => { status.textContent = status.dataset.copied; };
      const select = () => {
        selectLink();
        status.textContent = status.dataset.selected;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(button.dataset.copy).then(done, select);
      } else {
        select();
      }
    });
  }

  function selectLink() {
    // Without the clipboard: select the link's text, so Ctrl+C (or the phone's menu) copies it.
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("share-link"));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // --- wiring ----------------------------------------------------------------------------------

  form.querySelector("[data-scripted]").value = "1";  // the server may redirect: we keep name and note
  for (const element of form.querySelectorAll("[data-no-script]")) {
    element.hidden = true;  // filtering and adding happen as one types and ticks
  }
  const clear = form.querySelector("[data-clear]");
  clear.hidden = false;
  clear.addEventListener("click", () => {
    forget();
    dirty = false;
    leaving = true;
    window.location.assign(form.getAttribute("action"));
  });

  search.addEventListener("input", applyFilter);
  category.addEventListener("change", applyFilter);
  if (part) {
    part.addEventListener("change", applyFilter);
  }

  form.addEventListener("change", (event) => {
    const pick = event.target.closest(".pick");
    if (pick && event.target.name === "exercise") {
      choose(pick.dataset.slug, event.target.checked);
    }
  });

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (button) {
      event.preventDefault();
      move(button);
      dirty = true;
      save(false);
    }
  });

  form.addEventListener("keydown", (event) => {
    // Enter in a field would send the whole form; here it does nothing (filtering is instant).
    if (event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
    }
  });

  // On a phone the keyboard covers half the screen: the search field goes to the top, so the
  // results show right under it as they are typed.
  const narrow = window.matchMedia("(max-width: 63.99rem)");
  search.addEventListener("focus", () => {
    if (narrow.matches && search.getBoundingClientRect().top > 80) {
      search.scrollIntoView({ block: "start" });
    }
  });

  const remember = (event) => {
    const row = event && event.target.closest ? event.target.closest(".chosen") : null;
    if (row) {
      summarise(row);
    }
    dirty = true;
    save(false);
    mirror();
  };
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);

  form.addEventListener("submit", (event) => {
    save(true);  // the name and the note come back on the page the server sends next
    dirty = false;
    // A download does not leave the page: later changes must still ask before leaving.
    leaving = !(event.submitter && ["download", "export"].includes(event.submitter.value));
  });
  window.addEventListener("pageshow", () => { leaving = false; });

  window.addEventListener("beforeunload", (event) => {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const templates = document.querySelector("form.templates");
  if (templates) {
    templates.addEventListener("submit", (event) => {
      if (rows().length && !window.confirm(templates.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      leaving = true;
    });
  }

  // --- my templates: kept on this device (localStorage), never on the server ------------------
  // A template is kept as the TOML text the server's export answers (what `--save` writes); the
  // request carries no patient's name and no exercise's own note, and neither is ever stored.

  const MINE = "handouts-templates:" + form.dataset.clinic;
  const MAX_MINE = 50;
  const mineGroup = document.querySelector("[data-my-templates]");
  const importForm = document.getElementById("template-import");
  const picker = document.getElementById("template");

  function mine() {
    try {
      const kept = JSON.parse(window.localStorage.getItem(MINE) || "[]");
      return Array.isArray(kept) ? kept.filter((t) => t && typeof t.name === "string" && typeof t.toml === "string") : [];
    } catch (error) {
      return [];
    }
  }

  function listMine() {
    if (!mineGroup) {
      return;
    }
    mineGroup.replaceChildren();
    mine().forEach((kept, at) => {
      const option = document.createElement("option");
      option.value = "mine:" + at;
      option.textContent = kept.name;
      mineGroup.append(option);
    });
    mineGroup.hidden = !mineGroup.children.length;
  }

  const saveButton = form.querySelector("[data-template-save]");
  const savedNote = form.querySelector("[data-template-saved]");
  if (saveButton) {
    saveButton.hidden = false;
    saveButton.addEventListener("click", async () => {
      const data = new FormData(form);
      data.delete("patient");
      for (const key of Array.from(data.keys())) {
        if (key.startsWith("xnote-")) {
          data.delete(key);
        }
      }
      data.set("action", "export");
      const response = await fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(data) });
      if (!response.ok) {
        form.requestSubmit(saveButton.nextElementSibling);  // the server's page names what is wrong
        return;
      }
      const toml = await response.text();
      const name = (data.get("template_name") || "").toString().trim() || (toml.match(/^title = "(.*)"$/m) || ["", "?"])[1];
      const kept = mine().filter((t) => t.name !== name);
      kept.unshift({ name: name, toml: toml });
      try {
        window.localStorage.setItem(MINE, JSON.stringify(kept.slice(0, MAX_MINE)));
      } catch (error) {
        return;
      }
      listMine();
      savedNote.textContent = savedNote.dataset.msg;
    });
  }

  if (picker && importForm) {
    listMine();
    const remove = document.querySelector("[data-my-template-delete]");
    picker.addEventListener("change", () => {
      remove.hidden = !picker.value.startsWith("mine:");
    });
    remove.addEventListener("click", () => {
      const at = Number(picker.value.slice(5));
      window.localStorage.setItem(MINE, JSON.stringify(mine().filter((t, i) => i !== at)));
      listMine();
      picker.value = "";
      remove.hidden = true;
    });
    // Picking one of mine opens it as a template file would: posted to the server, which checks it.
    picker.form.addEventListener("submit", (event) => {
      if (!picker.value.startsWith("mine:") || event.defaultPrevented) {
        return;
      }
      event.preventDefault();
      const kept = mine()[Number(picker.value.slice(5))];
      if (kept) {
        importForm.querySelector("input[name=toml]").value = kept.toml;
        importForm.querySelector("input[type=file]").value = "";
        leaving = true;
        importForm.submit();
      }
    });
  }

  // --- on arrival ------------------------------------------------------------------------------

  const saved = load();
  const here = location.pathname + location.search;
  if (saved && saved.url === here && !form.hasAttribute("data-has-errors")) {
    restoreAll(saved);  // Back, Forward or Reload to this same page: everything as it was left
  } else if (saved && saved.carry) {
    restoreDetails(saved);  // the page the server sent after our own submit: name and note again
  } else if (saved && hasContent(saved)) {
    const offer = document.getElementById("restore");
    offer.hidden = false;
    offer.querySelector("[data-restore]").addEventListener("click", () => {
      restoreAll(saved);
      offer.hidden = true;
      save(false);
      announce(form.dataset.msgRestored);
      document.getElementById("programme").focus();
    });
    offer.querySelector("[data-discard]").addEventListener("click", () => {
      forget();
      offer.hidden = true;
      search.focus();
    });
  }
  if (!(saved && hasContent(saved) && saved.url !== here && !saved.carry)) {
    save(false);
  }
  renumber();
  mirror();
  setUpCopy();
}());
