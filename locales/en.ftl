### The bot's own words in English, for English knowledge, Discord's `en-US`
### and `en-GB` locales and questions asked in English. The same messages,
### attributes and variables as every other locale file (a unit test checks
### it); counts pick the plural form by CLDR's rules (`[one]`, `*[other]`).
### To add a language, copy this file to `<tag>.ftl` and translate it.

## Citations and short names of passages

# A strategy point: "IOM Strategy, point 7".
# In suggestions, gaps and statistics: "point 5".
passage-point = point { $n }
passage-aim = aim { $n }
passage-mission = the mission

## Answers

aims-title = Aims
aims-title-of = Aims of { $org }
footer-source = Source: { $source }
answer-footer = Most relevant passages · { $source }
translation-note = English: unofficial translation
# Heading of the original beside a translation; $language is its code (sk, cs, en).
original-title = { $language ->
        [cs] Czech
        [en] English
       *[sk] Slovak
    } original: { $title }
no-such-point-title = No such point
no-such-point = There is no point { $n }: the strategy has points 1 to { $max }. Try `/strategy 1`, or `/strategy` for the list of all points.
# $typed is what was typed instead of a number.
not-a-number = “{ $typed }” is not a point number. Give a whole number from 1 to { $max }, e.g. `/strategy 7`, or `/strategy` for the list.
empty-question-title = No question
empty-question = Write what you want to know after `/ask`: a question or a few keywords. `/show` lists what the document holds.
question-too-long-title = Question too long
question-too-long = The question has { $length } { $length ->
        [one] character
       *[other] characters
    }; please shorten it to at most { $max }.
nothing-relevant-title = Nothing relevant found
nothing-relevant = I found nothing in the document related to this question. Try other words, or see what it holds: `/show`.
# Before an answer found below the evidence rule, by how clearly it led.
answer-tentative = I found no exact answer, but this may help:
unknown-command-title = Unknown command
unknown-command = I do not know the command “{ $command }”. Try `/help`.
command-missing-option = The command `/{ $command }` is missing its `{ $option }` option. Type it again and fill it in.
help-title = What I can do
help-mission = `/mission` – { $title }
help-list = `{ $command }` – { $title }: the list
help-item = `{ $command }` – { $label } in full
help-contents = `/show` – what the document holds
help-ask = `/ask question` – finds related passages (a question without a slash works too)
contents-title = What the document holds
no-such-part-title = The document has no such part
no-such-part = The document has no part “{ $part }”. It has: { $parts }.
no-such-item-title = No such item
no-such-item = There is no item { $n }: “{ $title }” has { $max ->
        [one] only one
       *[other] { $max }
    }. Try `{ $command } 1`, or `{ $command }` for the list.
not-an-item-number = “{ $typed }” is not an item number. Write a whole number from 1 to { $max }, for example `{ $command } 1`, or `{ $command }` for the list.
search-failed-title = Search failed
search-failed = The search did not work. Please try again in a moment; the operator finds details in the log.
console-greeting = missionbot · { $org }: ask a question, or /help. Quit: Ctrl-D.
suggestions-title = Did you perhaps mean (I am not sure)
suggestion-gone-title = That passage no longer exists
suggestion-gone = The passage has changed or gone since. `/show` lists what the document holds.

## Discord: the cooldown, "more", votes

cooldown = Please wait { $seconds } s before asking again.
more-button = More passages
more-expired-title = This answer is too old
more-expired = This button has expired. Please ask again with `/ask`.
no-more-title = Nothing more
no-more = I have no further related passages for this question. `/show` lists what the document holds.
vote-up = 👍
vote-down = 👎
vote-thanks-up = Thank you! Glad the answer helped.
vote-thanks-down = Thank you for telling me. The moderators will see that this answer did not help.
vote-changed = Vote changed. Thank you!
vote-expired-title = Voting has ended
vote-expired = An answer can be voted on for 10 minutes; this one is older, or the bot restarted since.

## Moderators' changes

# $change is one of the change-* messages below.
mod-preview-title = Preview: { $change }
mod-preview-empty = The change would change nothing.
mod-confirm = Apply this change? [y/N]
mod-saved-title = Change #{ $id } saved
mod-saved = It applies at once: the next question sees it. Undo it with `/revert { $id }`.
mod-cancelled = Cancelled; nothing changed.
mod-refused-title = The change cannot be made
mod-stale = The knowledge changed in the meantime (another moderator?). Open the edit again on the current text; nothing changed.
mod-write-failed = The change could not be written ({ $why }); nothing changed.
mod-busy = Another process (the bot or a console on the same files) is changing the knowledge and did not finish in time; nothing changed. Please try again in a moment.
mod-unavailable = The knowledge cannot be changed right now: its database cannot be reached. Nothing changed; answers are not affected. Please try again later.
mod-invalid =
    The change would leave the knowledge invalid, so nothing changed:
    { $why }
mod-read-only = This knowledge is not stored on disk and cannot be edited.
mod-no-such-aim = There is no aim { $n }: the aims are 1 to { $max }.
mod-bad-position = A new point can go at 1 to { $max }.
mod-empty-text = The text is empty.
mod-too-long = The text is longer than { $max } { $max ->
        [one] character
       *[other] characters
    }.
mod-last-point = The last point cannot be removed: the strategy needs at least one.
mod-unknown-change = There is no change #{ $id }. See `/history`.
# $later lists the later changes ("#5, #6"); $count is how many.
mod-conflict = Change #{ $id } cannot be reverted alone: { $count ->
        [one] change { $later } changed the same text since; revert that first.
       *[other] changes { $later } changed the same text since; revert those first.
    }
mod-history-title = Recent changes
mod-history-empty = No changes yet.
mod-not-moderator = Only moderators (the moderator role or the Manage Server permission) can change the knowledge. Nothing changed.
mod-console-only = Editing the knowledge from the console needs `missionbot console --moderator`.
mod-usage = `/add text` · `/insert N text` · `/edit N text` · `/edit-en N English text` · `/remove N` · `/move FROM TO` · `/edit-mission text` · `/edit-mission-en text` · `/edit-aim N text` · `/edit-aim-en N text` · `/synonym words = meaning` · `/teach ID question` · `/gaps` · `/stats` · `/history [N]` · `/revert ID`
mod-bad-synonym = A synonym needs one or more single words and what they mean, e.g. `/synonym meetup, gathering = meeting`.
# Titles of the Discord modals: at most 45 characters once filled.
mod-modal-add = New strategy point
mod-modal-add-at = New strategy point at { $n }
mod-modal-edit-point = Edit point { $n }
mod-modal-add-item = New item: { $title }
mod-modal-add-item-at = New item { $n }: { $title }
mod-modal-edit-item = Editing: { $label }
mod-modal-mission = Edit the mission
mod-modal-aim = Edit aim { $n }
# Labels (at most 45 characters) and placeholder (100) of a modal's inputs;
# $language is the knowledge's language code (sk, cs, en).
mod-text-label = Text (the { $language ->
        [cs] Czech
        [en] English
       *[sk] Slovak
    } original)
mod-text-en-label = English translation (optional)
mod-text-en-hint = Left empty, the current translation stays.
mod-confirm-button = Confirm
mod-cancel-button = Cancel
mod-confirm-discord = Confirm with the button below; this preview is valid for 10 minutes.
mod-cancelled-title = Cancelled
mod-expired-title = This preview has expired
mod-expired = The preview is older than 10 minutes or the bot restarted since; nothing changed. Run the command again.
mod-not-yours = Another moderator opened this preview; only they can confirm or cancel it. Nothing changed.
mod-your-text = Your text (copy it)

## What a change did, in previews, confirmations and the history

change-add-point-end = new point at the end of the strategy
change-add-point-at = new point at number { $n }
change-edit-point = new text of point { $n }
change-remove-point = removing point { $n }
change-move-point = moving point { $from } to number { $to }
change-add-item-end = new item at the end of { $section }
change-add-item-at = new item of { $section } at number { $n }
change-edit-item = new text of item { $n } of { $section }
change-remove-item = removing item { $n } of { $section }
change-move-item = moving item { $from } of { $section } to number { $to }
change-edit-mission = new text of the mission
change-edit-aim = new text of aim { $n }
# $words are the community's words, $count how many.
change-add-synonym = { $count ->
        [one] new synonym
       *[other] new synonyms
    }: { $words }
# $kind is point, aim or mission; $n the point's or aim's number.
change-translate = new English translation of { $kind ->
        [mission] the mission
        [aim] aim { $n }
        [item] item { $n } of { $section }
       *[point] point { $n }
    }
change-add-question = new question for { $kind ->
        [mission] the mission
        [aim] aim { $n }
        [item] item { $n } of { $section }
       *[point] point { $n }
    }
change-revert = undoing change #{ $id }
change-interrupted = change #{ $id } was interrupted and not made
change-edited-on-disk = edit of { $file } on disk
change-other = a change to the knowledge

## What the bot learns from its community: gaps, statistics

gaps-title = Questions without an answer
gaps-empty = None yet: every recorded question got an answer, and no answer got a 👎.
# $last is a date, $down the 👎 votes.
gaps-line = { $count }× · last { $last } · 👎 { $down }
gaps-closest = closest: { $passages }
gaps-page = Page { $page } of { $pages } · pick the passage that answers a question, or dismiss it
# Placeholder of a gap's select menu (at most 150 characters).
gaps-select = { $n }. Attach to a passage, or dismiss
gaps-closest-option = closest to the question
gaps-dismiss = Dismiss (not for the knowledge)
gaps-previous = Previous
gaps-next = Next
gaps-dismissed-title = Dismissed
gaps-dismissed = “{ $question }” is no longer among the questions without an answer.
gaps-expired = This list is older than 10 minutes, or the bot restarted since. Run `/gaps` again.
stats-title = Question statistics
# $share is the percentage answered.
stats-summary = { $questions ->
        [one] { $questions } question
       *[other] { $questions } questions
    } in the last { $days ->
        [one] day
       *[other] { $days } days
    }, { $share } % answered.
stats-per-day = Questions per day
stats-day = { $day }: { $questions } ({ $answered } answered)
stats-passages = Passages shown most
stats-passage = { $passage }: { $shown }× · 👍 { $up } · 👎 { $down }
stats-gaps = Most asked without an answer
stats-none = Nothing yet.
learning-title = Question records
learning-off = Questions are not recorded (`record = false` under `[learning]` in `config.toml`).
learning-failed = The question records could not be read ({ $why }).

## The static site of the knowledge (`missionbot site`); $date is YYYY-MM-DD (UTC).

site-generated = Page written by missionbot on { $date }.
site-last-change = Last change: { $date }
site-source = Source
site-contents = Contents
site-translation = English translation (unofficial)
site-back = Back to the document
site-privacy = Question texts are not published: unanswered questions are shown by count and by the passage they came closest to.
site-chart-answered = Share of questions answered, by day
site-answered = answered
site-unanswered = not answered
site-shown = shown
site-gap = Question { $n }
site-gap-closest = Question { $n } · closest: { $passage }

## Descriptions of the Discord slash commands and their options (attributes),
## 1–100 characters each. Command and option names are not translated.

command-strategy = A strategy point in full, or the list of all points
    .number = The point's number (start typing a number or a word)
command-mission = The organization's mission and its aims
command-aims = The organization's aims
command-show = A part of the document: its list, or one item in full (no option: the contents)
    .part = A part or an item (start typing its name)
    .number = The item's number in the part
command-ask = Finds the passages of the document related to a question
    .question = A question or keywords
command-public = Post the answer in the channel (otherwise only you see it)
command-point-add = Moderators: adds an item (a strategy point, a principle…) at the end or at a number
    .number = Where the new point goes; the points from there move down (else at the end)
    .part = A part of the document (else its main list)
command-point-edit = Moderators: edits an item's text (a strategy point, a principle…)
    .number = The point's number
    .part = A part of the document (else its main list)
command-point-remove = Moderators: removes an item; the rest are renumbered
    .number = The point's number
    .part = A part of the document (else its main list)
command-point-move = Moderators: moves an item to another number
    .from = The number of the point to move
    .to = The point's new number
    .part = A part of the document (else its main list)
command-mission-edit = Moderators: edits the mission statement
command-aim-edit = Moderators: edits an aim
    .number = The aim's number
command-history = Moderators: recent changes to the knowledge
    .number = Only the changes of this strategy point
    .part = A part of the document (else its main list)
command-revert = Moderators: undoes a change (restores the state before it)
    .change = The change's number from /history
command-gaps = Moderators: questions the bot could not answer, or whose answer got a 👎
command-teach = Moderators: teaches the bot which passage answers a question
    .question = The question, as people ask it
    .passage = The passage that answers it (mission, aim-N, strategy-N)
command-stats = Moderators: how much people ask, what the bot answered and shows
    .days = Over how many recent days (else the whole time kept)
command-synonym = Moderators: adds the community's words for a term of the knowledge
    .words = The community's words, comma-separated (e.g. meetup, gathering)
    .means = What they mean in the knowledge's words (e.g. meeting)
