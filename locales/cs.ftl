### The bot's own words in Czech, for Czech knowledge and Discord's `cs`
### locale. The same messages, attributes and variables as every other locale
### file (a unit test checks it); counts pick the plural form by CLDR's rules
### (`[one]`, `[few]`, `*[other]`).

## Citations and short names of passages

# A strategy point: "Naše strategie, bod 7".
# In suggestions, gaps and statistics: "bod 5".
passage-point = bod { $n }
passage-aim = cíl { $n }
passage-mission = poslání

## Answers

aims-title = Cíle
aims-title-of = Cíle { $org }
footer-source = Zdroj: { $source }
answer-footer = Nejrelevantnější pasáže · { $source }
translation-note = neoficiální překlad
# Heading of the original beside a translation; $language is its code (sk, cs, en).
original-title = { $language ->
        [cs] Český
        [en] Anglický
       *[sk] Slovenský
    } originál: { $title }
no-such-point-title = Takový bod neexistuje
no-such-point = Bod { $n } neexistuje: strategie má body 1 až { $max }. Zkuste třeba `/strategy 1`, nebo `/strategy` pro seznam všech bodů.
# $typed is what was typed instead of a number.
not-a-number = „{ $typed }“ není číslo bodu. Napište celé číslo od 1 do { $max }, třeba `/strategy 7`, nebo `/strategy` pro seznam bodů.
empty-question-title = Chybí otázka
empty-question = Napište za `/ask`, co vás zajímá: otázku nebo pár klíčových slov. Obsah dokumentu ukáže `/show`.
question-too-long-title = Otázka je příliš dlouhá
question-too-long = Otázka má { $length } { $length ->
        [one] znak
        [few] znaky
       *[other] znaků
    }; zkraťte ji nejvýše na { $max } { $max ->
        [one] znak
        [few] znaky
       *[other] znaků
    }.
nothing-relevant-title = Nenašel jsem nic relevantního
nothing-relevant = K této otázce jsem v dokumentu nenašel nic souvisejícího. Zkuste jiná slova, nebo se podívejte na obsah dokumentu: `/show`.
# Before an answer found below the evidence rule, by how clearly it led.
answer-tentative = Přesnou odpověď jsem nenašel, ale možná vám pomůže tohle:
unknown-command-title = Neznámý příkaz
unknown-command = Příkaz „{ $command }“ neznám. Zkuste `/help`.
command-missing-option = Příkazu `/{ $command }` chybí volba `{ $option }`. Zkuste ho napsat znovu a vyplnit ji.
help-title = Co umím
help-mission = `/mission` – { $title }
help-list = `{ $command }` – { $title }: seznam
help-item = `{ $command }` – { $label } v plném znění
help-contents = `/show` – obsah dokumentu
help-ask = `/ask otázka` – najde související pasáže (stačí napsat i otázku bez lomítka)
contents-title = Obsah dokumentu
no-such-part-title = Takovou část dokument nemá
no-such-part = Dokument nemá část „{ $part }“. Má tyto: { $parts }.
no-such-item-title = Taková položka neexistuje
no-such-item = Položka { $n } neexistuje: „{ $title }“ { $max ->
        [one] má jen jednu
        [few] má { $max }
       *[other] má { $max }
    }. Zkuste `{ $command } 1`, nebo `{ $command }` pro seznam.
not-an-item-number = „{ $typed }“ není číslo položky. Napište celé číslo od 1 do { $max }, například `{ $command } 1`, nebo `{ $command }` pro seznam.
search-failed-title = Hledání selhalo
search-failed = Hledání se nepodařilo. Zkuste to za chvíli znovu; správce najde podrobnosti v logu.
console-greeting = missionbot · { $org }: napište otázku, nebo /help. Konec: Ctrl-D.
suggestions-title = Možná jste mysleli (nejsem si jistý)
suggestion-gone-title = Taková pasáž už neexistuje
suggestion-gone = Pasáž se mezitím změnila nebo zmizela. Obsah dokumentu ukáže `/show`.

## Discord: the cooldown, "more", votes

cooldown = Počkejte { $seconds } s, než se zeptáte znovu.
more-button = Další pasáže
more-expired-title = Odpověď je příliš stará
more-expired = Tlačítko už neplatí. Zeptejte se znovu přes `/ask`.
no-more-title = Nic dalšího
no-more = K této otázce už nemám další související pasáže. Obsah dokumentu ukáže `/show`.
vote-up = 👍
vote-down = 👎
vote-thanks-up = Děkuji! Jsem rád, že odpověď pomohla.
vote-thanks-down = Děkuji, že jste dali vědět. Moderátoři uvidí, že tato odpověď nepomohla.
vote-changed = Hlas změněn. Děkuji!
vote-expired-title = Hlasování skončilo
vote-expired = O odpovědi se dá hlasovat 10 minut; tato je starší nebo se bot mezitím restartoval.

## Moderators' changes

# $change is one of the change-* messages below.
mod-preview-title = Náhled změny: { $change }
mod-preview-empty = Změna by nic nezměnila.
mod-confirm = Potvrdit změnu? [a/N]
mod-saved-title = Změna #{ $id } uložena
mod-saved = Změna platí hned: další otázka ji už vidí. Vrátit ji lze příkazem `/revert { $id }`.
mod-cancelled = Změna zrušena; nic se nezměnilo.
mod-refused-title = Změnu nelze provést
mod-stale = Znalosti se mezitím změnily (jiný moderátor?). Otevřete úpravu znovu nad aktuálním textem; nic se nezměnilo.
mod-write-failed = Změnu se nepodařilo zapsat ({ $why }); nic se nezměnilo.
mod-busy = Znalosti právě mění jiný proces (bot nebo konzole nad stejnými soubory) a neskončil včas; nic se nezměnilo. Zkuste to za chvíli znovu.
mod-unavailable = Znalosti teď nejde změnit: jejich databáze je nedostupná. Nic se nezměnilo; odpovědi to neovlivní. Zkuste to později znovu.
mod-invalid =
    Po změně by znalosti nebyly platné, proto se nezměnilo nic:
    { $why }
mod-read-only = Tyto znalosti nejsou uložené na disku a nelze je měnit.
mod-no-such-aim = Cíl { $n } neexistuje: cíle jsou 1 až { $max }.
mod-bad-position = Nový bod může být na místě 1 až { $max }.
mod-empty-text = Text je prázdný.
mod-too-long = Text má víc než { $max } { $max ->
        [one] znak
        [few] znaky
       *[other] znaků
    }.
mod-last-point = Poslední bod nelze odstranit: strategie potřebuje aspoň jeden.
mod-unknown-change = Změna #{ $id } neexistuje. Podívejte se na `/history`.
# $later lists the later changes ("#5, #6"); $count is how many.
mod-conflict = Změnu #{ $id } nelze vrátit samostatně: tentýž text potom { $count ->
        [one] změnila změna { $later }; vraťte nejdřív ji.
       *[other] změnily změny { $later }; vraťte nejdřív je.
    }
mod-history-title = Poslední změny
mod-history-empty = Zatím žádné změny.
mod-not-moderator = Znalosti mohou měnit jen moderátoři (role moderátora nebo oprávnění Spravovat server). Nic se nezměnilo.
mod-console-only = Úpravy znalostí jsou v konzoli dostupné po spuštění `missionbot console --moderator`.
mod-usage = `/add text` · `/insert N text` · `/edit N text` · `/edit-en N anglický text` · `/remove N` · `/move Z NA` · `/edit-mission text` · `/edit-mission-en text` · `/edit-aim N text` · `/edit-aim-en N text` · `/synonym slova = význam` · `/teach ID otázka` · `/gaps` · `/stats` · `/history [N]` · `/revert ID`
mod-bad-synonym = Synonymum potřebuje jeden nebo více jednoslovných výrazů a jejich význam, například `/synonym schůze, sraz = setkání`.
# Titles of the Discord modals: at most 45 characters once filled.
mod-modal-add = Nový bod strategie
mod-modal-add-at = Nový bod strategie na místo { $n }
mod-modal-edit-point = Úprava bodu { $n }
mod-modal-add-item = Nová položka: { $title }
mod-modal-add-item-at = Nová položka { $n }: { $title }
mod-modal-edit-item = Úprava: { $label }
mod-modal-mission = Úprava poslání
mod-modal-aim = Úprava cíle { $n }
# Labels (at most 45 characters) and placeholder (100) of a modal's inputs;
# $language is the knowledge's language code (sk, cs, en).
mod-text-label = Text ({ $language ->
        [cs] český
        [en] anglický
       *[sk] slovenský
    } originál)
mod-text-en-label = Anglický překlad (nepovinný)
mod-text-en-hint = Prázdné pole ponechá současný překlad.
mod-confirm-button = Potvrdit
mod-cancel-button = Zrušit
mod-confirm-discord = Potvrďte změnu tlačítkem níže; náhled platí 10 minut.
mod-cancelled-title = Zrušeno
mod-expired-title = Náhled už neplatí
mod-expired = Náhled je starší než 10 minut nebo se bot mezitím restartoval; nic se nezměnilo. Spusťte příkaz znovu.
mod-not-yours = Tento náhled otevřel jiný moderátor; potvrdit nebo zrušit ho může jen on. Nic se nezměnilo.
mod-your-text = Váš text (zkopírujte si ho)

## What a change did, in previews, confirmations and the history

change-add-point-end = nový bod na konec strategie
change-add-point-at = nový bod na místo { $n }
change-edit-point = nový text bodu { $n }
change-remove-point = odstranění bodu { $n }
change-move-point = přesun bodu { $from } na místo { $to }
change-add-item-end = nová položka na konec části { $section }
change-add-item-at = nová položka části { $section } na místo { $n }
change-edit-item = nový text položky { $n } části { $section }
change-remove-item = odstranění položky { $n } části { $section }
change-move-item = přesun položky { $from } části { $section } na místo { $to }
change-edit-mission = nový text poslání
change-edit-aim = nový text cíle { $n }
# $words are the community's words, $count how many.
change-add-synonym = { $count ->
        [one] nové synonymum
       *[other] nová synonyma
    }: { $words }
# $kind is point, aim or mission; $n the point's or aim's number.
change-translate = nový anglický překlad { $kind ->
        [mission] poslání
        [aim] cíle { $n }
        [item] položky { $n } části { $section }
       *[point] bodu { $n }
    }
change-add-question = nová otázka { $kind ->
        [mission] k poslání
        [aim] k cíli { $n }
        [item] k položce { $n } části { $section }
       *[point] k bodu { $n }
    }
change-revert = vrácení změny #{ $id }
change-interrupted = změna #{ $id } se nedokončila a neplatí
change-edited-on-disk = úprava souboru { $file } na disku
change-other = změna znalostí

## What the bot learns from its community: gaps, statistics

gaps-title = Otázky bez odpovědi
gaps-empty = Zatím žádné: na každou zaznamenanou otázku bot odpověděl a žádná odpověď nedostala 👎.
# $last is a date, $down the 👎 votes.
gaps-line = { $count }× · naposledy { $last } · 👎 { $down }
gaps-closest = nejblíže: { $passages }
gaps-page = Strana { $page } z { $pages } · u otázky vyberte pasáž, která na ni odpovídá, nebo ji zamítněte
# Placeholder of a gap's select menu (at most 150 characters).
gaps-select = { $n }. Přiřadit k pasáži, nebo zamítnout
gaps-closest-option = nejblíže k otázce
gaps-dismiss = Zamítnout (nepatří do znalostí)
gaps-previous = Předchozí
gaps-next = Další
gaps-dismissed-title = Zamítnuto
gaps-dismissed = „{ $question }“ už není mezi otázkami bez odpovědi.
gaps-expired = Seznam je starší než 10 minut nebo se bot mezitím restartoval. Spusťte `/gaps` znovu.
stats-title = Statistika otázek
# $share is the percentage answered.
stats-summary = { $questions ->
        [one] { $questions } otázka
        [few] { $questions } otázky
       *[other] { $questions } otázek
    } za { $days ->
        [one] poslední den
        [few] poslední { $days } dny
       *[other] posledních { $days } dní
    }, zodpovězeno { $share } %.
stats-per-day = Otázky podle dní
stats-day = { $day }: { $questions } (zodpovězeno { $answered })
stats-passages = Nejčastěji zobrazené pasáže
stats-passage = { $passage }: { $shown }× · 👍 { $up } · 👎 { $down }
stats-gaps = Nejčastější otázky bez odpovědi
stats-none = Zatím nic.
learning-title = Záznam otázek
learning-off = Otázky se nezaznamenávají (`record = false` v části `[learning]` souboru `config.toml`).
learning-failed = Záznam otázek se nepodařilo přečíst ({ $why }).

## The static site of the knowledge (`missionbot site`); $date is YYYY-MM-DD (UTC).

site-generated = Stránku vytvořil missionbot { $date }.
site-last-change = Poslední změna: { $date }
site-source = Zdroj
site-contents = Obsah
site-translation = Anglický překlad (neoficiální)
site-back = Zpět na dokument
site-privacy = Texty otázek se nezveřejňují: otázky bez odpovědi jsou uvedeny počtem a pasáží, ke které měly nejblíže.
site-chart-answered = Podíl zodpovězených otázek podle dnů
site-answered = zodpovězené
site-unanswered = bez odpovědi
site-shown = zobrazeno
site-gap = Otázka { $n }
site-gap-closest = Otázka { $n } · nejblíže: { $passage }

## Descriptions of the Discord slash commands and their options (attributes),
## 1–100 characters each. Command and option names are not translated.

command-strategy = Bod strategie v plném znění, nebo seznam všech bodů
    .number = Číslo bodu (začněte psát číslo nebo slovo)
command-mission = Poslání organizace a jeho cíle
command-aims = Cíle organizace
command-show = Část dokumentu: její seznam nebo jedna položka v plném znění (bez volby obsah)
    .part = Část nebo položka (začněte psát její název)
    .number = Číslo položky v části
command-ask = Najde pasáže dokumentu, které souvisejí s otázkou
    .question = Otázka nebo klíčová slova
command-public = Zveřejnit odpověď v kanálu (jinak ji uvidíte jen vy)
command-point-add = Moderátoři: přidá položku (bod strategie, princip…) na konec nebo na dané místo
    .number = Místo nového bodu; body od něj se posunou (jinak na konec)
    .part = Část dokumentu (jinak jeho hlavní seznam)
command-point-edit = Moderátoři: upraví text položky (bodu strategie, principu…)
    .number = Číslo bodu
    .part = Část dokumentu (jinak jeho hlavní seznam)
command-point-remove = Moderátoři: odstraní položku; další se přečíslují
    .number = Číslo bodu
    .part = Část dokumentu (jinak jeho hlavní seznam)
command-point-move = Moderátoři: přesune položku na jiné místo
    .from = Číslo bodu, který se přesouvá
    .to = Nové číslo bodu
    .part = Část dokumentu (jinak jeho hlavní seznam)
command-mission-edit = Moderátoři: upraví text poslání
command-aim-edit = Moderátoři: upraví text cíle
    .number = Číslo cíle
command-history = Moderátoři: poslední změny znalostí
    .number = Jen změny tohoto bodu strategie
    .part = Část dokumentu (jinak jeho hlavní seznam)
command-revert = Moderátoři: vrátí změnu (stav před ní)
    .change = Číslo změny z /history
command-gaps = Moderátoři: otázky, na které bot neuměl odpovědět nebo dostaly 👎
command-teach = Moderátoři: naučí bota, která pasáž odpovídá na otázku
    .question = Otázka, jak ji lidé kladou
    .passage = Pasáž, která na ni odpovídá (mission, aim-N, strategy-N)
command-stats = Moderátoři: kolik se lidé ptají, co bot zodpověděl a co ukazuje
    .days = Za kolik posledních dní (jinak za celou uchovávanou dobu)
command-synonym = Moderátoři: přidá do slovníku slova komunity pro výraz znalostí
    .words = Slova komunity oddělená čárkou (např. schůze, sraz)
    .means = Co znamenají slovy znalostí (např. setkání)
