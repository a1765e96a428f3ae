"""What a figure measured: samples per system, with unit, direction and the project's target."""
from dataclasses import dataclass, field

OURS = "Java (parallel)"


@dataclass
class Measure:
    figure: str
    name: str
    unit: str
    lower_better: bool = True
    target: str = ""
    values: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    fixed_spread: dict[str, tuple[float, float]] = field(default_factory=dict)

    def add(self, system: str, *samples: float) -> None:
        self.values.setdefault(system, []).extend(samples)

    def fail(self, system: str, why: str) -> None:
        self.failures[system] = why


@dataclass
class Series:
    """Values against the number of engines, for the plot (figures 2 and 3)."""
    title: str
    unit: str
    points: dict[str, dict[int, list[float]]] = field(default_factory=dict)

    def add(self, system: str, n: int, *samples: float) -> None:
        self.points.setdefault(system, {}).setdefault(n, []).extend(samples)


@dataclass
class Run:
    measures: list[Measure] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    def measure(self, figure: str, name: str, unit: str, **kw) -> Measure:
        m = Measure(figure, name, unit, **kw)
        self.measures.append(m)
        return m

    def series_for(self, title: str, unit: str) -> Series:
        for s in self.series:
            if s.title == title:
                return s
        s = Series(title, unit)
        self.series.append(s)
        return s
