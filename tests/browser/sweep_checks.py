"""What the page sweep looks for on a page opened at 360 px in Thai:
horizontal overflow (and the widest element) and English words in the
visible text outside names and codes."""

from __future__ import annotations

import re

PHONE = {"width": 360, "height": 760}

# The visible text of the page, without what is not words for a person to read:
# code samples, what is marked not to translate (names, codes), typed input,
# and what is marked English on purpose (the "English" language switch).
VISIBLE_TEXT_JS = """() => {
  const skip = 'code, kbd, samp, pre, script, style, noscript, svg, textarea, input, '
             + '[translate=no], [lang=en]';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !el || el.closest(skip)) continue;
    if (el.closest('select')) { out.push(text); continue; }  // choices, shown when opened
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll(
      'input[type=submit], input[type=button], [placeholder], [aria-label], img[alt], [title]')) {
    if (el.closest('[translate=no], [lang=en]')) continue;
    for (const v of [el.value && el.matches('input[type=submit], input[type=button]') ? el.value : '',
                     el.getAttribute('placeholder'), el.getAttribute('aria-label'),
                     el.getAttribute('alt'), el.getAttribute('title')]) {
      if (v && v.trim()) out.push(v.trim());
    }
  }
  return out;
}"""

# How wide the page is, and the element that sticks out furthest to the right
# (the deepest such element, outside anything that scrolls on its own).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width) return {scroll, width, culprit: null};
  let best = null, bestRight = width;
  for (const el of document.body.querySelectorAll('*')) {
    let p = el.parentElement, clipped = false;
    while (p && p !== document.body) {
      const ox = getComputedStyle(p).overflowX;
      if (ox !== 'visible') { clipped = true; break; }
      p = p.parentElement;
    }
    if (clipped) continue;
    const right = el.getBoundingClientRect().right;
    if (right > bestRight + 0.5 || (best && right >= bestRight - 0.5 && best.contains(el))) {
      best = el; bestRight = Math.max(bestRight, right);
    }
  }
  let name = '';
  if (best) {
    name = best.tagName.toLowerCase() + (best.id ? '#' + best.id : '')
      + (best.className && typeof best.className === 'string' ? '.' + best.className.trim().split(/\\s+/).join('.') : '')
      + ' "' + (best.innerText || best.value || '').trim().slice(0, 40) + '"'
      + ' right=' + Math.round(bestRight);
  }
  return {scroll, width, culprit: name};
}"""

# Words that are the same in Thai writing: brands, standards, abbreviations
# people use as they are. Names and codes in the page itself are marked with
# translate="no" instead of being listed here.
ALLOWED_WORDS = {
    "QR", "PGS", "PromptPay", "Stripe", "LINE", "IFOAM", "GreenSmile", "OpenStreetMap",
    "Leaflet", "CSV", "SMS", "API", "ID", "PIN", "OTP", "URL", "PDF", "Excel", "Google",
    "Gmail", "Facebook", "GPS", "GeoJSON", "WebP",
    "English",  # the language choice names English in English
}  # fmt: skip

# Names of fields and products on other services' own screens, which the
# settings pages quote so that an administrator finds them there; and codes
# given as examples of what to type.
ALLOWED_PHRASES = (
    "Secret key", "Publishable key", "บัญชี Connect", "Biller ID",
    "LINE Official Account", "Messaging API", "LINE Notify", "channel access token", "LINE user id",
    "Authorization", "Bearer", "(Polygon)", "(Point)", "ledger.", "khok-sai",
)  # fmt: skip
_PHRASES = re.compile("|".join(re.escape(p) for p in sorted(ALLOWED_PHRASES, key=len, reverse=True)))

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def _is_code(token: str) -> bool:
    """A token that is a code, an address or a number rather than a word:
    has a digit, an @, a slash or a dot inside, an underscore, or is in
    capitals (M01-001, L00004, khok-sai@..., https://..., THB, BAAC)."""
    if re.search(r"\{\w+\}", token):  # a placeholder such as {sender}
        return True
    core = token.strip("()[]{}.,:;!?\"'“”‘’«»")
    if not core:
        return True
    if re.search(r"[0-9@/_]", core) or re.search(r"\w\.\w", core):
        return True
    if re.search(r"\w:\w", core):  # a key such as demo:opening
        return True
    letters = re.sub(r"[^A-Za-z]", "", core)
    return letters.isupper()


def english_words(texts: list[str]) -> list[str]:
    """The English words of visible texts that are neither codes nor allowed,
    each with the text it was found in (first 60 characters)."""
    found: list[str] = []
    for text in texts:
        for token in _PHRASES.sub(" ", text).split():
            if not re.search(r"[A-Za-z]", token) or _is_code(token):
                continue
            words = [w for w in WORD.findall(token) if w not in ALLOWED_WORDS]
            if words:
                found.append(f"{' '.join(words)!r} in {text[:60]!r}")
                break
    return found
