"""The only non-page code that imports streamlit: what the pages share, one job per module.

- :mod:`ui.keys`: session-state keys (one StrEnum); :mod:`ui.state`: the view in session state
  and in the URL; :mod:`ui.record`: the cached record and this session's upload;
- :mod:`ui.chrome`: page list, sidebar, page start and end; :mod:`ui.text`: user text for
  Markdown and HTML;
- :mod:`ui.timecontrols`: window, previous/next, Play and the slider; :mod:`ui.timebar`: the
  map's own time bar; :mod:`ui.mapview`: the map bridge (and :mod:`ui.folium_bridge`, the one
  user of streamlit-folium's private functions);
- :mod:`ui.figures`: figures, caption, exports; :mod:`ui.tables`: tables;
- :mod:`ui.tours`: the Tours page; :mod:`ui.compare`: the Compare page;
- :mod:`ui.upload` and :mod:`ui.sync`: the data page's upload and sync panel; :mod:`ui.freshness`:
  how recent each layer is.

A page reads as a recipe: ``dataset, lang = ui.page_start(...)``, then geo calls, then ui drawing.
"""

# streamlit_folium is imported first, once, while `import ui` holds its module lock (see ui.folium_bridge).
from ui import folium_bridge  # noqa: F401  isort: skip
from ui.chrome import PAGES, map_page_style, page_end, page_start, sidebar
from ui.compare import changes_table, chosen_dates, compare_maps, compare_params, differing_table
from ui.figures import changes_text, embed_citation, exports, map_caption, summary
from ui.freshness import freshness_note
from ui.keys import VIEW_KEYS, Key
from ui.mapview import (
    BaseMap,
    asset_base,
    base_map_parts,
    draw_map,
    dynamic_layer_names,
    focus,
    map_key,
    map_layers,
    render_groups,
    timed_groups,
    timed_key,
)
from ui.record import (
    DATA_ROOT,
    attribution,
    cached_dataset,
    cached_gazetteer,
    dataset_or_stop,
    forget_upload,
    place_label,
    regions_geojson,
    store_upload,
    upload_attribution,
)
from ui.state import (
    choices,
    current_view,
    embedded,
    init_state,
    language,
    map_link,
    page_url,
    recover_translated_choices,
    show_notices,
    sync_url,
    write_params,
)
from ui.sync import sync_panel
from ui.tables import (
    active_period,
    events_table,
    localized_table,
    match_label,
    place_claims,
    place_history,
    place_lane,
    place_panel,
    place_roads_and_bases,
    road_and_base_lanes,
    sources_list,
    window_changes_table,
)
from ui.text import html_text, plain
from ui.timebar import TimeBarState, apply_time_bar_pick, page_run, time_bar
from ui.timecontrols import (
    custom_period,
    date_slider,
    keep_playing,
    next_frame,
    show_period,
    take_next_frame,
    time_buttons,
    time_controls,
)
from ui.tours import (
    cached_tours,
    chapter_link_params,
    chapter_map,
    chapter_navigation,
    chapter_sources,
    chapter_text,
    chosen_chapter,
)
from ui.town_list import towns_table
from ui.upload import upload_intro, uploader

__all__ = [
    "embed_citation",
    "embedded",
    "write_params",
    "changes_table",
    "chosen_dates",
    "compare_maps",
    "compare_params",
    "differing_table",
    "cached_tours",
    "chapter_link_params",
    "chapter_map",
    "chapter_navigation",
    "chapter_sources",
    "chapter_text",
    "chosen_chapter",
    "DATA_ROOT",
    "PAGES",
    "VIEW_KEYS",
    "BaseMap",
    "Key",
    "TimeBarState",
    "upload_attribution",
    "upload_intro",
    "uploader",
    "active_period",
    "apply_time_bar_pick",
    "asset_base",
    "attribution",
    "base_map_parts",
    "cached_dataset",
    "cached_gazetteer",
    "changes_text",
    "window_changes_table",
    "choices",
    "current_view",
    "dataset_or_stop",
    "custom_period",
    "date_slider",
    "draw_map",
    "dynamic_layer_names",
    "events_table",
    "exports",
    "focus",
    "forget_upload",
    "freshness_note",
    "html_text",
    "init_state",
    "keep_playing",
    "language",
    "localized_table",
    "match_label",
    "map_caption",
    "map_key",
    "map_layers",
    "timed_key",
    "map_link",
    "map_page_style",
    "next_frame",
    "page_end",
    "page_run",
    "page_start",
    "page_url",
    "place_claims",
    "place_history",
    "place_label",
    "place_lane",
    "place_panel",
    "place_roads_and_bases",
    "plain",
    "recover_translated_choices",
    "regions_geojson",
    "road_and_base_lanes",
    "render_groups",
    "show_notices",
    "show_period",
    "sidebar",
    "sources_list",
    "sync_panel",
    "store_upload",
    "summary",
    "sync_url",
    "take_next_frame",
    "time_bar",
    "time_buttons",
    "towns_table",
    "time_controls",
    "timed_groups",
]
