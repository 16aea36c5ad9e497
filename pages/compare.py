"""Compare: two dates side by side, the towns whose holder differs ringed, and what changed."""

import ui
from geo.compare import compare_dates

dataset, lang = ui.page_start("compare.title", caption_key="compare.caption")
first, second = ui.chosen_dates(dataset, lang)
comparison = compare_dates(dataset, first, second)
ui.compare_maps(dataset, comparison, lang)
ui.differing_table(comparison, lang)
ui.changes_table(dataset, comparison, lang)
ui.attribution(lang)
ui.write_params(ui.compare_params(comparison.first, comparison.second, lang))
