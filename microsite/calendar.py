"""iCalendar (.ics) files for the campaign's deadline and statement events, made with the icalendar library."""

from __future__ import annotations

import datetime as dt

import icalendar


def event_calendar(uid: str, summary: str, start: dt.datetime, all_day: bool, location: str, url: str,
                   stamp: dt.date, description: str = "") -> bytes:
    """One VEVENT in its own time zone; `stamp` (DTSTAMP) comes from content, never the clock, for reproducibility."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//campaign microsite builder//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.timezone.utc))
    event.add("summary", summary)
    if all_day:
        event.add("dtstart", start.date())
        event.add("dtend", start.date() + dt.timedelta(days=1))
    else:
        event.add("dtstart", start)
        event.add("duration", dt.timedelta(hours=1))
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    if not all_day:
        calendar.add_missing_timezones()
    return calendar.to_ical()
