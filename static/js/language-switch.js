// The back office's language switcher applies a language as soon as it is chosen.
"use strict";
document.getElementById("admin-language")?.addEventListener("change", (event) => event.target.form.submit());
