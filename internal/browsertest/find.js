// find looks for one visible element by what a person sees: a field or a
// choice by its label, a button or a link by its text. It stores the match in
// window.__browsertest for the Go side to act on, and returns how many matched
// and the names it saw, for error messages.
(function (kind, text) {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const shown = (el) => el.getClientRects().length > 0;
  const name = (el) => norm(el.getAttribute("aria-label") || (el.tagName === "INPUT" ? el.value : el.textContent));
  const seen = [];
  const found = [];
  const consider = (label, target, control) => {
    if (!shown(target)) return;
    seen.push(label);
    if (label === text && !found.some((f) => f.target === target)) found.push({ target, control });
  };
  const isChoice = (c) => c.type === "radio" || c.type === "checkbox";

  switch (kind) {
    case "field":
    case "choice":
      for (const label of document.querySelectorAll("label")) {
        const c = label.control;
        if (!c || (kind === "choice") !== isChoice(c)) continue;
        // A resident clicks a choice's label; a field is typed into.
        consider(norm(label.textContent), kind === "choice" ? label : c, c);
      }
      break;
    case "button":
      for (const el of document.querySelectorAll(
        'button, input[type="submit"], input[type="button"], [role="button"]')) {
        consider(name(el), el, el);
      }
      break;
    case "link":
      for (const el of document.querySelectorAll("a[href]")) {
        if (el.getAttribute("role") === "button") continue;
        consider(name(el), el, el);
      }
      break;
    default:
      throw new Error("unknown kind " + kind);
  }
  window.__browsertest = found.length === 1 ? found[0] : null;
  const c = found.length === 1 ? found[0].control : null;
  return {
    count: found.length,
    seen: [...new Set(seen)],
    tag: c ? c.tagName.toLowerCase() : "",
    type: c && c.type ? c.type : "",
  };
})
