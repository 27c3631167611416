"""One `Scope` answers every view: the data read, the config, one client or all, a period.

The command line, the share report, the notebooks, the dashboard and the widgets all
start from a scope, so the same question gets the same number everywhere:

- the client a name or alias stands for is resolved here, once (`resolve_client`);
- the default period is decided here, once (`default_period`): from the earliest to the
  latest date of any input — entries, ledger waits asked or answered, and open waits up
  to today in the config's time zone. It is a property of the data, not of the client, so
  ``summary --client X`` gives the row of X in ``summary``;
- the entries are read, classified and split once per scope family: `Scope.narrow`
  changes the client or the period without reading or analysing anything again;
- waits in the period (entries and ledger, open ones stopped at `Scope.until`) are
  computed by one recipe (`Scope.waits`).

>>> import datetime as dt
>>> from cmtime.readers import combine
>>> from cmtime.config import Config
>>> scope = Scope.of(combine([], Config()), today=dt.date(2026, 3, 9))
>>> scope.empty, scope.period
(True, Period(start=datetime.date(2026, 3, 9), end=datetime.date(2026, 3, 9)))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import polars as pl

from cmtime.analysis.common import Period, default_period, in_period, now_for, today_for
from cmtime.analysis.documents import Summary
from cmtime.analysis.metrics import summary as make_summary
from cmtime.analysis.pipeline import Workload, analysed_stored, workload
from cmtime.analysis.waits import until_for, waits_in_period
from cmtime.config import Config, normalize_name
from cmtime.errors import InputError
from cmtime.readers import Loaded, known_clients, read_paths
from cmtime.schema import StoredEntries

__all__ = ["Scope", "UnknownClient", "close_names", "default_period", "resolve_client"]


class UnknownClient(InputError):
    """A client name that is neither configured (name or alias) nor in the data.

    The message names the closest known names, so a typo is one glance away from fixed.
    """

    def __init__(self, name: str, known: Sequence[str], close: Sequence[str]) -> None:
        self.name, self.known, self.close = name, tuple(known), tuple(close)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        listed = ", ".join(known) if known else "none"
        super().__init__(f"unknown client {name!r}{hint}; known clients: {listed}")


def _spellings(config: Config, data_names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Normalised spelling -> (the spelling as written, the client it stands for).

    Configured names and aliases win over names as written in the data."""
    out = {normalize_name(n): (n, n) for n in data_names}
    for c in config.clients:
        for written in (c.name, *c.aliases):
            out[normalize_name(written)] = (written, c.name)
    return out


def resolve_client(config: Config, name: str, data_names: Sequence[str] = ()) -> str:
    """The client a name stands for: a configured name or alias (case- and
    accent-insensitive), else a name as written in the data.

    Raises
    ------
    UnknownClient
        With the closest configured names, aliases or data names.

    >>> from cmtime.config import Client
    >>> cfg = Config(clients=(Client("Boulangerie Dupont", aliases=("Dupont",)),))
    >>> resolve_client(cfg, "DUPONT")
    'Boulangerie Dupont'
    >>> resolve_client(cfg, "Dupond")
    Traceback (most recent call last):
    ...
    cmtime.analysis.scope.UnknownClient: unknown client 'Dupond' (did you mean 'Dupont' (alias of 'Boulangerie Dupont')?); known clients: Boulangerie Dupont
    """
    spellings = _spellings(config, data_names)
    key = normalize_name(name)
    if key in spellings:
        return spellings[key][1]
    known = sorted({*data_names, *(c.name for c in config.clients)}, key=normalize_name)
    raise UnknownClient(name, known, close_names(config, name, data_names))


def close_names(config: Config, name: str, data_names: Sequence[str] = ()) -> list[str]:
    """The configured names, aliases or data names closest to ``name``, as people read
    them: ``'Vidal'``, or ``'Vidl' (alias of 'Cabinet Vidal')``.

    Close means a similar spelling (difflib ratio ≥ 0.6 on the normalised names) or one
    name inside the other (``Vidal`` and ``Cabinet Vidal``).

    >>> from cmtime.config import Client
    >>> close_names(Config(clients=(Client("Cabinet Vidal", aliases=("Vidl",)),)), "Vidal")
    ["'Vidl' (alias of 'Cabinet Vidal')", "'Cabinet Vidal'"]
    """
    spellings = _spellings(config, data_names)
    key = normalize_name(name)
    close = difflib.get_close_matches(key, [k for k in spellings if k != key], n=3, cutoff=0.6)
    close += [k for k in spellings if k != key and k not in close and len(key) >= 3 and (key in k or k in key)]
    hints = []
    for c in close:
        written, client = spellings[c]
        hints.append(repr(written) if written == client else f"{written!r} (alias of {client!r})")
    return hints


def _as_date(value: str | dt.date | None, option: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"{option} {value!r} is not a date; write YYYY-MM-DD"
        raise InputError(msg) from None


@dataclass
class _Shared(StoredEntries):
    """What every scope built from one `Loaded` and config shares: the analysed entries
    (``entries``, canonical)."""

    loaded: Loaded
    config: Config

    @cached_property
    def stored(self) -> pl.DataFrame:  # type: ignore[override]  # computed once here, a field elsewhere
        return analysed_stored(self.loaded, config=self.config)

    @cached_property
    def data_names(self) -> tuple[str, ...]:
        return tuple(known_clients(self.loaded))

    def span(self, today: dt.date) -> Period | None:
        """`default_period` of the data, computed once per ``today``."""
        if today not in self._spans:
            self._spans[today] = default_period(
                self.stored, self.loaded.waits, timezone=self.config.timezone, today=today
            )
        return self._spans[today]

    _spans: dict[dt.date, Period | None] = field(default_factory=dict, repr=False)


_KEEP: Any = object()


@dataclass(frozen=True)
class Scope:
    """The data, the config, the client (or all) and the period a view answers for.

    Build one with `Scope.load` (paths) or `Scope.of` (already read data); change the
    client or the period with `narrow`, which shares the analysed entries.
    """

    loaded: Loaded
    config: Config
    #: the resolved client name, or None for every client
    client: str | None
    #: the period the figures cover; `default_period` unless given
    period: Period
    #: today's date in the config's time zone (open waits run up to it)
    today: dt.date
    #: True when no input holds a date (nothing readable, or only empty files)
    empty: bool
    _shared: _Shared = field(repr=False, compare=False)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        paths: str | Path | Sequence[str | Path],
        *,
        config_path: str | Path | None = None,
        fmt: str | None = None,
        client: str | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        lang: Literal["fr", "en"] | None = None,
        today: dt.date | None = None,
        progress: Callable[[Path], None] | None = None,
    ) -> Scope:
        """Read the exports (files or folders) and scope them.

        Parameters
        ----------
        paths
            A file or folder, or several.
        config_path
            A ``cmtime.toml``; by default the one found with the data, else the defaults.
        fmt
            Force a reader for every file.
        client, date_from, date_to, lang, today
            As in `Scope.of`.
        progress
            Called with each file's path as it is read.
        """
        items = [paths] if isinstance(paths, str | Path) else list(paths)
        a, b = _as_date(date_from, "--from"), _as_date(date_to, "--to")
        loaded = read_paths(
            [Path(p).expanduser() for p in items],
            config_path=Path(config_path).expanduser() if config_path is not None else None,
            fmt=fmt,
            window=(a, b) if a and b else None,
            progress=progress,
        )
        return cls.of(loaded, client=client, date_from=a, date_to=b, lang=lang, today=today)

    @classmethod
    def of(
        cls,
        loaded: Loaded,
        *,
        config: Config | None = None,
        client: str | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        lang: Literal["fr", "en"] | None = None,
        today: dt.date | None = None,
    ) -> Scope:
        """Scope data already read.

        Parameters
        ----------
        loaded
            What `cmtime.readers.read_paths` returned.
        config
            Replaces the config read with the data.
        client
            A client's configured name, alias or name as written in the data; None for all.
        date_from, date_to
            Inclusive local dates; each defaults to its end of `default_period`.
        lang
            Overrides the config's language.
        today
            Today in the config's time zone; by default the real one.

        Raises
        ------
        UnknownClient
            When ``client`` matches no configured client, alias or name in the data.
        ValueError
            On a period that ends before it starts, or a date that is not ISO.
        """
        cfg = config or loaded.config
        shared = _Shared(loaded, cfg)
        scope = cls(
            loaded=loaded,
            config=cfg,
            client=None,
            period=Period(dt.date.min, dt.date.min),
            today=today or today_for(cfg),
            empty=True,
            _shared=shared,
        )
        scope = scope.narrow(client=client, date_from=date_from, date_to=date_to)
        if lang is not None:
            scope = dataclasses.replace(scope, config=dataclasses.replace(scope.config, language=lang))
        return scope

    def narrow(
        self,
        *,
        client: str | None = _KEEP,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
    ) -> Scope:
        """The same data for another client (None: all) or period; nothing is read again.

        The period's ends default to those of `default_period`, which does not depend
        on the client.
        """
        name = self.client
        if client is not _KEEP:
            name = None if client is None else self.resolve(client)
        span = self._shared.span(self.today)
        a, b = _as_date(date_from, "--from"), _as_date(date_to, "--to")
        start = a or (span.start if span else None) or b or self.today
        end = b or (span.end if span else None) or start
        return dataclasses.replace(
            self, client=name, period=Period(start, end), empty=span is None
        )

    def resolve(self, name: str) -> str:
        """The client ``name`` stands for (see `resolve_client`)."""
        return resolve_client(self.config, name, self._shared.data_names)

    # -- what the views read ---------------------------------------------------------------

    @property
    def lang(self) -> Literal["fr", "en"]:
        """The language of labels and sentences."""
        return self.config.language

    @property
    def known_clients(self) -> tuple[str, ...]:
        """Client names in the data or the config, sorted case-insensitively."""
        return self._shared.data_names

    @property
    def analysed(self) -> pl.DataFrame:
        """Every entry, classified and split (`cmtime.analysis.pipeline.analyse`), once."""
        return self._shared.entries

    def _mine(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        return lf if self.client is None else lf.filter(pl.col("client") == self.client)

    @property
    def entries(self) -> pl.LazyFrame:
        """The scope's client's analysed entries (all of them without a client), any date;
        ids and origins are made only if read."""
        return self._mine(self._shared.lazy())

    @property
    def rows(self) -> pl.LazyFrame:
        """`entries` inside the period."""
        return in_period(self.entries, self.period)

    @property
    def ledger(self) -> pl.DataFrame:
        """The scope's client's ledger waits (`cmtime.schema.WAIT_SCHEMA`)."""
        waits = self.loaded.waits
        return waits if self.client is None else waits.filter(pl.col("client") == self.client)

    @property
    def until(self) -> dt.datetime:
        """Where open waits stop: the end of the period's last day, or now if earlier."""
        return until_for(self.period.end, timezone=self.config.timezone, now=now_for(self.config))

    def waits(self) -> pl.DataFrame:
        """One row per wait asked inside the period (`cmtime.analysis.waits.wait_intervals`):
        wait entries and ledger waits, open ones stopped at `until`."""
        return waits_in_period(
            self.rows, self.ledger, config=self.config, period=self.period
        ).collect()

    def summary(self) -> Summary:
        """The figures of the ``cmtime summary --json`` document of this scope."""
        return make_summary(self.entries, config=self.config, period=self.period, ledger=self.ledger)

    def workload(self) -> Workload:
        """The aggregates of the workload charts, for this scope."""
        return workload(self.rows, period=self.period)
