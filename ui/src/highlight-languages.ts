/**
 * highlight.js with the languages the preview highlights. Loaded on demand
 * by `highlight.ts` (the first time a code block comes near the preview's
 * view), so the page starts without it. Unknown languages stay plain (no
 * guessing: it costs and it guesses wrong). The output is escaped text in
 * `<span class>`.
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import kotlin from "highlight.js/lib/languages/kotlin";
import makefile from "highlight.js/lib/languages/makefile";
import markdown from "highlight.js/lib/languages/markdown";
import php from "highlight.js/lib/languages/php";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import swift from "highlight.js/lib/languages/swift";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

const LANGUAGES = {
  bash,
  c,
  cpp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  makefile,
  markdown,
  php,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);
hljs.registerAliases(["toml"], { languageName: "ini" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });
hljs.registerAliases(["sh", "zsh", "console"], { languageName: "bash" });

/** The language a `<code>` element's class names, if highlight.js knows it. */
export function languageOf(code: Element): string | null {
  const m = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
  const lang = m?.[1].toLowerCase() ?? null;
  return lang && hljs.getLanguage(lang) ? lang : null;
}

/** Highlights one `<code>` element in place (its text stays the same). */
export function highlightCode(code: HTMLElement): void {
  const lang = languageOf(code);
  if (!lang || code.classList.contains("hljs")) return;
  const { value } = hljs.highlight(code.textContent ?? "", {
    language: lang,
    ignoreIllegals: true,
  });
  code.innerHTML = value;
  code.classList.add("hljs");
}
