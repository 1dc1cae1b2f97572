"""Dumps written by older versions, brought to the current format before they are checked.

Format 1 (schema 1) kept a recommendation's overwritten `status` and its `follow_ups`; format 2
keeps a dated status history (domain/tracking.migrated_history, the same entries the case-file
migration makes), the tracking fields, the authorities' responses and the letters sent to them, and a revision says where
its text came from (`origin`, empty for text written in npmdesk). Format 3 (schemas 3 and 4)
gives a report a `year` (the annual report's; null for a visit's report, which every earlier
report is), says what each letter is (`kind`: an oficio, or a draft sent for factual
corrections) and keeps a draft's reply (`reply_on`, `reply_text`, `reply_attachment_id`); every
letter of format 2 was an oficio. Each step brings one format to the next; anything not shaped as
a step expects is left as it is, for dump_check to refuse with its reason.
"""

import copy
import dataclasses

from npmdesk.domain import tracking

NEW_RECOMMENDATION_FIELDS = {"source": "mnpt", "source_ref": "", "repeats_id": None,
                             "place_id": None, "place_kind": "", "population_groups": []}


NEW_LETTER_FIELDS = {"kind": "oficio", "reply_on": "", "reply_text": "", "reply_attachment_id": None}


def upgrade(data):
    for step in (_to_2, _to_3):
        data = step(data)
    return data


def _to_2(data):
    if not isinstance(data, dict) or data.get("format_version") != "1":
        return data
    records = data.get("records")
    if not isinstance(records, dict) or not isinstance(records.get("recommendation"), list):
        return data
    data = copy.copy(data)
    data["records"] = records = dict(records)
    visits = {v.get("id"): v.get("start_date") for v in records.get("visit") or []
              if isinstance(v, dict)}
    records["recommendation"] = [upgrade_recommendation(r, visits) for r in records["recommendation"]]
    if _is_list_of_dicts(records.get("revision")):
        records["revision"] = [{"origin": "", **r} for r in records["revision"]]
    records.setdefault("response", [])
    records.setdefault("letter", [])
    data["format_version"] = "2"
    return data


def _to_3(data):
    if not isinstance(data, dict) or data.get("format_version") != "2":
        return data
    records = data.get("records")
    if not isinstance(records, dict) or not _is_list_of_dicts(records.get("report")) \
            or not _is_list_of_dicts(records.get("letter", [])):
        return data
    data = copy.copy(data)
    data["records"] = records = dict(records)
    records["report"] = [{**r, "year": None} if "year" not in r else r for r in records["report"]]
    records["letter"] = [{**NEW_LETTER_FIELDS, **letter} for letter in records.get("letter", [])]
    data["format_version"] = "3"
    return data


def upgrade_recommendation(rec, visits: dict):
    """A format-1 recommendation row (status + follow_ups) as format 2; `visits`: visit id ->
    start date. Also used for the rows of packages written by an older npmdesk."""
    if not isinstance(rec, dict) or not _is_list_of_dicts(rec.get("follow_ups", [])):
        return rec
    rec = dict(rec)
    follow_ups = rec.pop("follow_ups", [])
    issued = visits.get(rec.get("visit_id"))
    if not isinstance(issued, str) or not all(isinstance(f.get("id"), str) and isinstance(f.get("date"), str)
                                              for f in follow_ups):
        return rec
    for key, value in NEW_RECOMMENDATION_FIELDS.items():
        rec.setdefault(key, copy.copy(value))
    rec.setdefault("issued_on", issued)
    history = tracking.migrated_history(str(rec.get("id")), rec.get("status"), issued, follow_ups)
    rec["history"] = [dataclasses.asdict(e) for e in history]
    rec["status"] = history[-1].status
    return rec


def _is_list_of_dicts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)
