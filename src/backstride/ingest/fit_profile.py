"""The small part of the FIT profile that backstride reads.

Values are from the FIT SDK profile (Profile.xlsx, SDK 21.x): global message numbers, field
numbers, scale and offset, and the enum names we show. The decoder reads every message
and skips fields it does not know, so unknown and developer fields cost nothing.

A value in a FIT field is ``raw / scale - offset`` in the units of the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

FIT_EPOCH_UNIX_S: Final = 631_065_600
"""FIT timestamps count seconds since 1989-12-31T00:00:00Z."""

MESG_FILE_ID: Final = 0
MESG_SPORT: Final = 12
MESG_SESSION: Final = 18
MESG_LAP: Final = 19
MESG_RECORD: Final = 20
MESG_EVENT: Final = 21
MESG_ACTIVITY: Final = 34

FIELD_TIMESTAMP: Final = 253


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One profile field: its number and how to turn a raw value into units."""

    num: int
    scale: float = 1.0
    offset: float = 0.0


# Base types by their definition byte: (numpy kind, size in bytes, invalid raw value).
# The invalid value marks "no data"; for the ``z`` types it is zero. Floats use all-ones bits.
BASE_TYPES: Final[dict[int, tuple[str, int, int]]] = {
    0x00: ("u1", 1, 0xFF),  # enum
    0x01: ("i1", 1, 0x7F),  # sint8
    0x02: ("u1", 1, 0xFF),  # uint8
    0x83: ("i2", 2, 0x7FFF),  # sint16
    0x84: ("u2", 2, 0xFFFF),  # uint16
    0x85: ("i4", 4, 0x7FFF_FFFF),  # sint32
    0x86: ("u4", 4, 0xFFFF_FFFF),  # uint32
    0x07: ("S", 1, 0),  # string
    0x88: ("f4", 4, -1),  # float32
    0x89: ("f8", 8, -1),  # float64
    0x0A: ("u1", 1, 0),  # uint8z
    0x8B: ("u2", 2, 0),  # uint16z
    0x8C: ("u4", 4, 0),  # uint32z
    0x0D: ("u1", 1, 0xFF),  # byte
    0x8E: ("i8", 8, 0x7FFF_FFFF_FFFF_FFFF),  # sint64
    0x8F: ("u8", 8, 0xFFFF_FFFF_FFFF_FFFF),  # uint64
    0x90: ("u8", 8, 0),  # uint64z
}

RECORD: Final = {
    "timestamp": FieldSpec(253),
    "position_lat": FieldSpec(0),
    "position_long": FieldSpec(1),
    "altitude": FieldSpec(2, 5.0, 500.0),
    "heart_rate": FieldSpec(3),
    "cadence": FieldSpec(4),
    "distance": FieldSpec(5, 100.0),
    "speed": FieldSpec(6, 1000.0),
    "power": FieldSpec(7),
    "fractional_cadence": FieldSpec(53, 128.0),
    "enhanced_speed": FieldSpec(73, 1000.0),
    "enhanced_altitude": FieldSpec(78, 5.0, 500.0),
}
RECORD_COMPRESSED_SPEED_DISTANCE: Final = 8
"""byte[3]: speed (12 bits, scale 100) then distance (12 bits, scale 16, accumulated)."""

SESSION: Final = {
    "timestamp": FieldSpec(253),
    "start_time": FieldSpec(2),
    "sport": FieldSpec(5),
    "sub_sport": FieldSpec(6),
    "total_elapsed_time": FieldSpec(7, 1000.0),
    "total_timer_time": FieldSpec(8, 1000.0),
    "total_distance": FieldSpec(9, 100.0),
    "avg_speed": FieldSpec(14, 1000.0),
    "max_speed": FieldSpec(15, 1000.0),
    "avg_heart_rate": FieldSpec(16),
    "max_heart_rate": FieldSpec(17),
    "avg_cadence": FieldSpec(18),
    "avg_power": FieldSpec(20),
    "total_ascent": FieldSpec(22),
    "avg_fractional_cadence": FieldSpec(92, 128.0),
    "enhanced_avg_speed": FieldSpec(124, 1000.0),
    "enhanced_max_speed": FieldSpec(125, 1000.0),
}

LAP: Final = {
    "timestamp": FieldSpec(253),
    "start_time": FieldSpec(2),
    "total_elapsed_time": FieldSpec(7, 1000.0),
    "total_timer_time": FieldSpec(8, 1000.0),
    "total_distance": FieldSpec(9, 100.0),
    "avg_speed": FieldSpec(13, 1000.0),
    "max_speed": FieldSpec(14, 1000.0),
    "avg_heart_rate": FieldSpec(15),
    "max_heart_rate": FieldSpec(16),
    "avg_cadence": FieldSpec(17),
    "total_ascent": FieldSpec(21),
    "lap_trigger": FieldSpec(24),
    "sport": FieldSpec(25),
    "avg_fractional_cadence": FieldSpec(80, 128.0),
    "enhanced_avg_speed": FieldSpec(110, 1000.0),
    "enhanced_max_speed": FieldSpec(111, 1000.0),
}

FILE_ID: Final = {
    "type": FieldSpec(0),
    "manufacturer": FieldSpec(1),
    "product": FieldSpec(2),
    "time_created": FieldSpec(4),
}
FILE_ID_PRODUCT_NAME: Final = 8

SPORT_MESG: Final = {"sport": FieldSpec(0), "sub_sport": FieldSpec(1)}

ACTIVITY: Final = {"timestamp": FieldSpec(253), "local_timestamp": FieldSpec(5)}

FILE_TYPE_ACTIVITY: Final = 4
FILE_TYPES: Final = {
    1: "device",
    2: "settings",
    3: "sport",
    4: "activity",
    5: "workout",
    6: "course",
    7: "schedules",
    9: "weight",
    10: "totals",
    11: "goals",
    14: "blood_pressure",
    15: "monitoring_a",
    20: "activity_summary",
    28: "monitoring_daily",
    32: "monitoring_b",
    34: "segment",
    35: "segment_list",
}

SPORTS: Final = {
    0: "generic",
    1: "running",
    2: "cycling",
    3: "transition",
    4: "fitness_equipment",
    5: "swimming",
    10: "training",
    11: "walking",
    12: "cross_country_skiing",
    13: "alpine_skiing",
    15: "rowing",
    16: "mountaineering",
    17: "hiking",
    18: "multisport",
    19: "paddling",
    21: "e_biking",
    30: "inline_skating",
    35: "snowshoeing",
    37: "stand_up_paddleboarding",
    41: "kayaking",
    62: "hiit",
    65: "wheelchair_push_walk",
    66: "wheelchair_push_run",
}

SUB_SPORTS: Final = {
    0: "generic",
    1: "treadmill",
    2: "street",
    3: "trail",
    4: "track",
    5: "spin",
    6: "indoor_cycling",
    7: "road",
    8: "mountain",
    14: "indoor_rowing",
    15: "elliptical",
    17: "lap_swimming",
    18: "open_water",
    27: "indoor_walking",
    30: "casual_walking",
    31: "speed_walking",
    45: "indoor_running",
    46: "gravel_cycling",
    58: "virtual_activity",
    59: "obstacle",
    67: "ultra",
}

MANUFACTURERS: Final = {
    1: "garmin",
    13: "dynastream_oem",
    15: "dynastream",
    23: "suunto",
    32: "wahoo_fitness",
    95: "stryd",
    123: "polar_electro",
    255: "development",
    260: "zwift",
    265: "strava",
    267: "bryton",
    289: "hammerhead",
    294: "coros",
}

LAP_TRIGGERS: Final = {
    0: "manual",
    1: "time",
    2: "distance",
    3: "position_start",
    4: "position_lap",
    5: "position_waypoint",
    6: "position_marked",
    7: "session_end",
    8: "fitness_equipment",
}


def enum_name(table: dict[int, str], value: float) -> str | None:
    """Name of an enum value, ``"<n>"`` for values outside our table, None when missing."""
    if value != value:  # NaN: the field was absent or invalid
        return None
    number = int(value)
    return table.get(number, str(number))
