### The bot's own words in Slovak: the shipped knowledge's language, and the
### default descriptions of the Discord commands. Every locale file has the
### same messages, attributes and variables (a unit test checks it); the
### variables are filled in by the code, counts as numbers (so `[one]`,
### `[few]` and `*[other]` pick the plural form by CLDR's rules).

## Citations and short names of passages

# A strategy point: "Stratégia IOM, bod 7".
# In suggestions, gaps and statistics: "bod 5".
passage-point = bod { $n }
passage-aim = cieľ { $n }
passage-mission = poslanie

## Answers

aims-title = Ciele
aims-title-of = Ciele { $org }
footer-source = Zdroj: { $source }
answer-footer = Najrelevantnejšie pasáže · { $source }
translation-note = neoficiálny preklad
# Heading of the original beside a translation; $language is its code (sk, cs, en).
original-title = { $language ->
        [cs] Český
        [en] Anglický
       *[sk] Slovenský
    } originál: { $title }
no-such-point-title = Taký bod neexistuje
no-such-point = Bod { $n } neexistuje: stratégia má body 1 až { $max }. Skúste napríklad `/strategy 1`, alebo `/strategy` pre zoznam všetkých bodov.
# $typed is what was typed instead of a number.
not-a-number = „{ $typed }“ nie je číslo bodu. Napíšte celé číslo od 1 do { $max }, napríklad `/strategy 7`, alebo `/strategy` pre zoznam bodov.
empty-question-title = Chýba otázka
empty-question = Napíšte za `/ask`, čo vás zaujíma: otázku alebo pár kľúčových slov. Obsah dokumentu ukáže `/show`.
question-too-long-title = Otázka je príliš dlhá
question-too-long = Otázka má { $length } { $length ->
        [one] znak
        [few] znaky
       *[other] znakov
    }; skráťte ju na najviac { $max } { $max ->
        [one] znak
        [few] znaky
       *[other] znakov
    }.
nothing-relevant-title = Nenašiel som nič relevantné
nothing-relevant = K tejto otázke som v dokumente nenašiel nič súvisiace. Skúste iné slová, alebo si pozrite obsah dokumentu: `/show`.
# Before an answer found below the evidence rule, by how clearly it led.
answer-tentative = Presnú odpoveď som nenašiel, ale možno vám pomôže toto:
unknown-command-title = Neznámy príkaz
unknown-command = Príkaz „{ $command }“ nepoznám. Skúste `/help`.
command-missing-option = Príkazu `/{ $command }` chýba voľba `{ $option }`. Skúste ho napísať znova a vyplniť ju.
help-title = Čo viem
help-mission = `/mission` – { $title }
# A section's list: $command is `/strategy` or `/show principles`, $title its heading.
help-list = `{ $command }` – { $title }: zoznam
# One item in full: $command with an example number, $label how it is cited.
help-item = `{ $command }` – { $label } v plnom znení
help-contents = `/show` – obsah dokumentu
help-ask = `/ask otázka` – nájde súvisiace pasáže (stačí napísať aj otázku bez lomky)
contents-title = Obsah dokumentu
no-such-part-title = Takú časť dokument nemá
# $part is what was asked for; $parts lists the document's parts with their commands.
no-such-part = Dokument nemá časť „{ $part }“. Má tieto: { $parts }.
no-such-item-title = Taká položka neexistuje
# $title is the section's heading, $command the command that lists it.
no-such-item = Položka { $n } neexistuje: „{ $title }“ { $max ->
        [one] má len jednu
        [few] má { $max }
       *[other] má { $max }
    }. Skúste `{ $command } 1`, alebo `{ $command }` pre zoznam.
not-an-item-number = „{ $typed }“ nie je číslo položky. Napíšte celé číslo od 1 do { $max }, napríklad `{ $command } 1`, alebo `{ $command }` pre zoznam.
search-failed-title = Hľadanie zlyhalo
search-failed = Hľadanie sa nepodarilo. Skúste to o chvíľu znova; správca nájde podrobnosti v logu.
console-greeting = missionbot · { $org }: napíšte otázku, alebo /help. Koniec: Ctrl-D.
suggestions-title = Možno ste mysleli (nie som si istý)
suggestion-gone-title = Taká pasáž už neexistuje
suggestion-gone = Pasáž sa medzitým zmenila alebo zmizela. Obsah dokumentu ukáže `/show`.

## Discord: the cooldown, "more", votes

cooldown = Počkajte { $seconds } s, kým sa opýtate znova.
more-button = Ďalšie pasáže
more-expired-title = Odpoveď je príliš stará
more-expired = Tlačidlo už nie je platné. Opýtajte sa znova cez `/ask`.
no-more-title = Nič ďalšie
no-more = K tejto otázke už nemám ďalšie súvisiace pasáže. Obsah dokumentu ukáže `/show`.
vote-up = 👍
vote-down = 👎
vote-thanks-up = Ďakujem! Teší ma, že odpoveď pomohla.
vote-thanks-down = Ďakujem, že ste dali vedieť. Moderátori uvidia, že táto odpoveď nepomohla.
vote-changed = Hlas zmenený. Ďakujem!
vote-expired-title = Hlasovanie skončilo
vote-expired = O odpovedi sa dá hlasovať 10 minút; táto je staršia alebo bot medzitým reštartoval.

## Moderators' changes

# $change is one of the change-* messages below.
mod-preview-title = Náhľad zmeny: { $change }
mod-preview-empty = Zmena by nič nezmenila.
mod-confirm = Potvrdiť zmenu? [a/N]
mod-saved-title = Zmena #{ $id } uložená
mod-saved = Zmena platí hneď: ďalšia otázka ju už vidí. Vrátiť ju možno príkazom `/revert { $id }`.
mod-cancelled = Zmena zrušená; nič sa nezmenilo.
mod-refused-title = Zmenu nemožno urobiť
mod-stale = Znalosti sa medzitým zmenili (iný moderátor?). Otvorte úpravu znova nad aktuálnym textom; nič sa nezmenilo.
mod-write-failed = Zmenu sa nepodarilo zapísať ({ $why }); nič sa nezmenilo.
mod-busy = Znalosti práve mení iný proces (bot alebo konzola na tých istých súboroch) a neskončil včas; nič sa nezmenilo. Skúste to o chvíľu znova.
mod-unavailable = Znalosti sa teraz nedajú zmeniť: ich databáza je nedostupná. Nič sa nezmenilo; odpovede to neovplyvní. Skúste to neskôr znova.
mod-invalid =
    Po zmene by znalosti neboli platné, preto sa nezmenilo nič:
    { $why }
mod-read-only = Tieto znalosti nie sú uložené na disku a nemožno ich meniť.
mod-no-such-aim = Cieľ { $n } neexistuje: ciele sú 1 až { $max }.
mod-bad-position = Nový bod môže byť na mieste 1 až { $max }.
mod-empty-text = Text je prázdny.
mod-too-long = Text má viac ako { $max } { $max ->
        [one] znak
        [few] znaky
       *[other] znakov
    }.
mod-last-point = Posledný bod nemožno odstrániť: stratégia potrebuje aspoň jeden.
mod-unknown-change = Zmena #{ $id } neexistuje. Pozrite `/history`.
# $later lists the later changes ("#5, #6"); $count is how many.
mod-conflict = Zmenu #{ $id } nemožno vrátiť samostatne: ten istý text potom { $count ->
        [one] zmenila zmena { $later }; vráťte najprv tú.
       *[other] zmenili zmeny { $later }; vráťte najprv tie.
    }
mod-history-title = Posledné zmeny
mod-history-empty = Zatiaľ žiadne zmeny.
mod-not-moderator = Znalosti môžu meniť len moderátori (rola moderátora alebo oprávnenie Spravovať server). Nič sa nezmenilo.
mod-console-only = Úpravy znalostí sú v konzole dostupné po spustení `missionbot console --moderator`.
mod-usage = `/add text` · `/insert N text` · `/edit N text` · `/edit-en N anglický text` · `/remove N` · `/move Z NA` · `/edit-mission text` · `/edit-mission-en text` · `/edit-aim N text` · `/edit-aim-en N text` · `/synonym slová = význam` · `/teach ID otázka` · `/gaps` · `/stats` · `/history [N]` · `/revert ID`
mod-bad-synonym = Synonymum potrebuje jedno alebo viac jednoslovných výrazov a ich význam, napríklad `/synonym schôdza, stretko = stretnutie`.
# Titles of the Discord modals: at most 45 characters once filled.
mod-modal-add = Nový bod stratégie
mod-modal-add-at = Nový bod stratégie na miesto { $n }
mod-modal-edit-point = Úprava bodu { $n }
mod-modal-add-item = Nová položka: { $title }
mod-modal-add-item-at = Nová položka { $n }: { $title }
mod-modal-edit-item = Úprava: { $label }
mod-modal-mission = Úprava poslania
mod-modal-aim = Úprava cieľa { $n }
# Labels (at most 45 characters) and placeholder (100) of a modal's inputs;
# $language is the knowledge's language code (sk, cs, en).
mod-text-label = Text ({ $language ->
        [cs] český
        [en] anglický
       *[sk] slovenský
    } originál)
mod-text-en-label = Anglický preklad (nepovinný)
mod-text-en-hint = Prázdne pole ponechá súčasný preklad.
mod-confirm-button = Potvrdiť
mod-cancel-button = Zrušiť
mod-confirm-discord = Potvrďte zmenu tlačidlom nižšie; náhľad platí 10 minút.
mod-cancelled-title = Zrušené
mod-expired-title = Náhľad už neplatí
mod-expired = Náhľad je starší ako 10 minút alebo bot medzitým reštartoval; nič sa nezmenilo. Spustite príkaz znova.
mod-not-yours = Tento náhľad otvoril iný moderátor; potvrdiť alebo zrušiť ho môže len on. Nič sa nezmenilo.
mod-your-text = Váš text (skopírujte si ho)

## What a change did, in previews, confirmations and the history

change-add-point-end = nový bod na koniec stratégie
change-add-point-at = nový bod na miesto { $n }
change-edit-point = nový text bodu { $n }
change-remove-point = odstránenie bodu { $n }
change-move-point = presun bodu { $from } na miesto { $to }
change-add-item-end = nová položka na koniec časti { $section }
change-add-item-at = nová položka časti { $section } na miesto { $n }
change-edit-item = nový text položky { $n } časti { $section }
change-remove-item = odstránenie položky { $n } časti { $section }
change-move-item = presun položky { $from } časti { $section } na miesto { $to }
change-edit-mission = nový text poslania
change-edit-aim = nový text cieľa { $n }
# $words are the community's words, $count how many.
change-add-synonym = { $count ->
        [one] nové synonymum
       *[other] nové synonymá
    }: { $words }
# $kind is point, aim or mission; $n the point's or aim's number.
change-translate = nový anglický preklad { $kind ->
        [mission] poslania
        [aim] cieľa { $n }
        [item] položky { $n } časti { $section }
       *[point] bodu { $n }
    }
change-add-question = nová otázka { $kind ->
        [mission] k poslaniu
        [aim] k cieľu { $n }
        [item] k položke { $n } časti { $section }
       *[point] k bodu { $n }
    }
change-revert = vrátenie zmeny #{ $id }
change-interrupted = zmena #{ $id } sa nedokončila a neplatí
change-edited-on-disk = úprava súboru { $file } na disku
change-other = zmena znalostí

## What the bot learns from its community: gaps, statistics

gaps-title = Otázky bez odpovede
gaps-empty = Zatiaľ žiadne: na každú zaznamenanú otázku bot odpovedal a žiadna odpoveď nedostala 👎.
# $last is a date, $down the 👎 votes.
gaps-line = { $count }× · naposledy { $last } · 👎 { $down }
gaps-closest = najbližšie: { $passages }
gaps-page = Strana { $page } z { $pages } · pri otázke vyberte pasáž, ktorá na ňu odpovedá, alebo ju zamietnite
# Placeholder of a gap's select menu (at most 150 characters).
gaps-select = { $n }. Priradiť k pasáži, alebo zamietnuť
gaps-closest-option = najbližšie k otázke
gaps-dismiss = Zamietnuť (nepatrí do znalostí)
gaps-previous = Predchádzajúce
gaps-next = Ďalšie
gaps-dismissed-title = Zamietnuté
gaps-dismissed = „{ $question }“ už nie je medzi otázkami bez odpovede.
gaps-expired = Zoznam je starší ako 10 minút alebo bot medzitým reštartoval. Spustite `/gaps` znova.
stats-title = Štatistika otázok
# $share is the percentage answered.
stats-summary = { $questions ->
        [one] { $questions } otázka
        [few] { $questions } otázky
       *[other] { $questions } otázok
    } za { $days ->
        [one] posledný deň
        [few] posledné { $days } dni
       *[other] posledných { $days } dní
    }, zodpovedaných { $share } %.
stats-per-day = Otázky podľa dní
stats-day = { $day }: { $questions } (zodpovedaných { $answered })
stats-passages = Najčastejšie zobrazené pasáže
stats-passage = { $passage }: { $shown }× · 👍 { $up } · 👎 { $down }
stats-gaps = Najčastejšie otázky bez odpovede
stats-none = Zatiaľ nič.
learning-title = Záznam otázok
learning-off = Otázky sa nezaznamenávajú (`record = false` v časti `[learning]` súboru `config.toml`).
learning-failed = Záznam otázok sa nepodarilo prečítať ({ $why }).

## The static site of the knowledge (`missionbot site`); $date is YYYY-MM-DD (UTC).

site-generated = Stránku vytvoril missionbot { $date }.
site-last-change = Posledná zmena: { $date }
site-source = Zdroj
site-contents = Obsah
site-translation = Anglický preklad (neoficiálny)
site-back = Späť na dokument
site-privacy = Texty otázok sa nezverejňujú: otázky bez odpovede sú uvedené počtom a pasážou, ku ktorej mali najbližšie.
site-chart-answered = Podiel zodpovedaných otázok podľa dní
site-answered = zodpovedané
site-unanswered = bez odpovede
site-shown = zobrazené
site-gap = Otázka { $n }
site-gap-closest = Otázka { $n } · najbližšie: { $passage }

## Descriptions of the Discord slash commands and their options (attributes),
## 1–100 characters each. Command and option names are not translated.

command-strategy = Bod stratégie v plnom znení, alebo zoznam všetkých bodov
    .number = Číslo bodu (začnite písať číslo alebo slovo)
command-mission = Poslanie organizácie a jeho ciele
command-aims = Ciele organizácie
command-show = Časť dokumentu: jej zoznam alebo jedna položka v plnom znení (bez voľby obsah)
    .part = Časť alebo položka (začnite písať jej názov)
    .number = Číslo položky v časti
command-ask = Nájde pasáže dokumentu, ktoré súvisia s otázkou
    .question = Otázka alebo kľúčové slová
command-public = Zverejniť odpoveď v kanáli (inak ju uvidíte len vy)
command-point-add = Moderátori: pridá položku (bod stratégie, princíp…) na koniec alebo na dané miesto
    .number = Miesto nového bodu; body od neho sa posunú (inak na koniec)
    .part = Časť dokumentu (inak jeho hlavný zoznam)
command-point-edit = Moderátori: upraví text položky (bodu stratégie, princípu…)
    .number = Číslo bodu
    .part = Časť dokumentu (inak jeho hlavný zoznam)
command-point-remove = Moderátori: odstráni položku; ďalšie sa prečíslujú
    .number = Číslo bodu
    .part = Časť dokumentu (inak jeho hlavný zoznam)
command-point-move = Moderátori: presunie položku na iné miesto
    .from = Číslo bodu, ktorý sa presúva
    .to = Nové číslo bodu
    .part = Časť dokumentu (inak jeho hlavný zoznam)
command-mission-edit = Moderátori: upraví text poslania
command-aim-edit = Moderátori: upraví text cieľa
    .number = Číslo cieľa
command-history = Moderátori: posledné zmeny znalostí
    .number = Len zmeny tohto bodu stratégie
    .part = Časť dokumentu (inak jeho hlavný zoznam)
command-revert = Moderátori: vráti zmenu (stav pred ňou)
    .change = Číslo zmeny z /history
command-gaps = Moderátori: otázky, na ktoré bot nevedel odpovedať alebo dostali 👎
command-teach = Moderátori: naučí bota, ktorá pasáž odpovedá na otázku
    .question = Otázka, ako ju ľudia kladú
    .passage = Pasáž, ktorá na ňu odpovedá (mission, aim-N, strategy-N)
command-stats = Moderátori: koľko sa ľudia pýtajú, čo bot zodpovedal a čo ukazuje
    .days = Za koľko posledných dní (inak za celý uchovávaný čas)
command-synonym = Moderátori: pridá do slovníka slová komunity pre výraz znalostí
    .words = Slová komunity oddelené čiarkou (napr. schôdza, stretko)
    .means = Čo znamenajú slovami znalostí (napr. stretnutie)
