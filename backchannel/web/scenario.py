"""The Model page: a bargaining scenario run through every model, with its issue × actor chart.

The scenario is the one passed to ``serve --scenario`` or the example shipped with
Backchannel. Running the models takes about a second, so it is done on the first visit and
kept. If the modelling package is missing or the scenario is broken, the page says so
instead of failing the app.
"""
from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "ukraine-2025.yaml"


class ModelView:
    """Runs a scenario once and keeps its chart and results for the Model page."""

    def __init__(self, scenario: Path | str | None = None) -> None:
        self.path = Path(scenario) if scenario else SHIPPED
        self.available = importlib.util.find_spec("backchannel.model.chart") is not None and self.path.is_file()
        self._lock = threading.Lock()
        self._page: dict[str, Any] | None = None
        self._svg: str | None = None

    def _run(self) -> None:
        from backchannel.errors import BackchannelError
        from backchannel.model.chart import scenario_chart
        from backchannel.model.results import MODEL_LABELS, MODELS, run_scenario
        from backchannel.model.scenario import load_scenario

        try:
            result = run_scenario(load_scenario(self.path))
        except (BackchannelError, ValueError, KeyError, TypeError) as exc:
            self._page, self._svg = {"error": f"{self.path.name}: {exc}", "path": str(self.path)}, ""
            return
        data = result.to_dict()
        scenario = data["scenario"]
        issues = [{"id": i["id"], "name": i["name"], "low": i["low"], "high": i["high"],
                   "status_quo": i["status_quo"],
                   "forecasts": {m: data["forecasts"][m][i["id"]] for m in MODELS}} for i in scenario["issues"]]
        proposals = [{"id": p["proposal"], "name": p["name"],
                      "actors": [{"actor": a["actor"], "gain": a["gain"], "accepts": a["accepts"]} for a in p["actors"]]}
                     for p in data["proposals"]]
        names = {a["id"]: a["name"] for a in scenario["actors"]}
        self._page = {"path": str(self.path), "name": scenario["name"], "description": scenario.get("description"),
                      "disclaimer": scenario.get("disclaimer"), "models": [(m, MODEL_LABELS[m]) for m in MODELS],
                      "issues": issues, "proposals": proposals, "actor_names": names,
                      "actors": [a["id"] for a in scenario["actors"]]}
        self._svg = scenario_chart(result)

    def page(self) -> dict[str, Any]:
        with self._lock:
            if self._page is None:
                self._run()
            return self._page or {}

    def svg(self) -> str:
        with self._lock:
            if self._svg is None:
                self._run()
            return self._svg or ""
