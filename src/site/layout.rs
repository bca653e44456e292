//! The frame every page of the site shares: the document with its
//! language, the viewport for phones, the inline style (light and dark, one
//! column on a phone, the translation beside the original on a wider
//! screen) and the footer saying when the page was written. Nothing is
//! loaded from elsewhere: no font, script or image.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::reply::Lang;
use crate::tr;

/// The pages' style, inline so that a page is one file that needs nothing else.
const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1a202c;--muted:#4a5568;--bg:#fff;--line:#e2e8f0;\
--accent:#2b6cb0;--ok:#2f855a;--bad:#c53030;--soft:#a0aec0}\
@media (prefers-color-scheme:dark){:root{--fg:#e2e8f0;--muted:#a0aec0;--bg:#171923;\
--line:#2d3748;--accent:#63b3ed;--ok:#68d391;--bad:#fc8181;--soft:#4a5568}}\
*{box-sizing:border-box}\
body{margin:0 auto;max-width:62rem;padding:1rem;color:var(--fg);background:var(--bg);\
font:1rem/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}\
header{border-bottom:1px solid var(--line);padding-bottom:.5rem}\
h1{font-size:1.7rem;margin:.3rem 0}\
h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}\
h3{font-size:1rem;margin:1.4rem 0 .3rem}\
h3 a{color:inherit;text-decoration:none}h3 a:hover{text-decoration:underline}\
a{color:var(--accent)}\
.org{margin:0;color:var(--muted);font-weight:600;letter-spacing:.04em}\
.meta,footer{color:var(--muted);font-size:.9rem}\
footer{border-top:1px solid var(--line);margin-top:2.5rem;padding-top:.5rem}\
nav ul{margin:.3rem 0;padding-left:1.2rem}\
article{scroll-margin-top:1rem;border-radius:.25rem}\
article:target{outline:2px solid var(--accent);outline-offset:.4rem}\
.pair{display:grid;gap:.3rem 1.6rem}\
@media (min-width:48rem){.pair.translated{grid-template-columns:1fr 1fr}}\
.pair p{margin:.2rem 0;white-space:pre-line}\
.en{color:var(--muted);border-left:3px solid var(--line);padding-left:.8rem}\
.en .label{font-size:.85rem;font-weight:600}\
.h-en{color:var(--muted);font-weight:400;font-size:.9em}\
figure{margin:.8rem 0}figcaption{color:var(--muted);font-size:.9rem}\
svg{display:block;width:100%;height:auto;max-width:46rem}\
svg text{fill:var(--fg);font-size:12px;font-family:inherit}\
svg .axis{fill:var(--muted);font-size:11px}\
.grid{stroke:var(--line);stroke-width:1}\
.answered,.shown{fill:var(--accent)}.unanswered{fill:var(--soft)}\
.up{fill:var(--ok)}.down,.gap{fill:var(--bad)}\
.line{fill:none;stroke:var(--accent);stroke-width:2}.dot{fill:var(--accent)}\
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.3rem 0;padding:0;list-style:none;\
font-size:.9rem;color:var(--muted)}\
.legend li::before{content:'';display:inline-block;width:.8em;height:.8em;margin-right:.35em;\
vertical-align:-.05em;border-radius:2px;background:var(--k)}\
";

/// A whole page: `title` in the tab, `header`, `main` and the footer
/// saying the page was written on `generated` (a day).
pub fn page(lang: Lang, title: &str, header: Markup, main: Markup, generated: &str) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="missionbot";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header { (header) }
                main { (main) }
                footer {
                    p { (tr!(lang, "site-generated", date = generated)) }
                }
            }
        }
    }
    .into_string()
}

/// A legend of colours: each key's class and what it stands for.
pub fn legend(keys: &[(&str, String)]) -> Markup {
    html! {
        ul.legend {
            @for (colour, text) in keys {
                li style=(format!("--k:var(--{colour})")) { (text) }
            }
        }
    }
}
