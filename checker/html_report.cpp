#include "checker/html_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string_view>

#include "checker/minimize.h"
#include "checker/replay_view.h"

namespace stackrace::checker {
namespace {

nlohmann::json word_json(const WordView& w) {
    return {{"addr", w.addr}, {"name", w.name}, {"value", w.value}, {"pointer", w.pointer}, {"target", w.target}};
}

nlohmann::json state_json(const StateView& v) {
    nlohmann::json j;
    j["actors"] = nlohmann::json::array();
    for (const ActorView& a : v.actors)
        j["actors"].push_back({{"name", a.name}, {"pc", a.pc}, {"status", a.status}, {"locks", a.locks}});
    j["chans"] = nlohmann::json::array();
    for (const ChanView& c : v.chans)
        j["chans"].push_back(
            {{"name", c.name}, {"lock", c.lock}, {"recvq", c.recvq}, {"sendq", c.sendq}, {"detail", c.detail}});
    j["stacks"] = nlohmann::json::array();
    for (const RegionView& r : v.stacks) {
        nlohmann::json words = nlohmann::json::array();
        for (const WordView& w : r.words) words.push_back(word_json(w));
        j["stacks"].push_back({{"name", r.name}, {"state", r.state}, {"words", std::move(words)}});
    }
    j["sudogs"] = nlohmann::json::array();
    for (const SudogView& s : v.sudogs) {
        nlohmann::json fields = nlohmann::json::array();
        for (const WordView& w : s.fields) fields.push_back(word_json(w));
        j["sudogs"].push_back({{"name", s.name}, {"fields", std::move(fields)}});
    }
    return j;
}

// report_json is everything the page shows; the script only lays it out.
nlohmann::json report_json(const TraceCheck& c) {
    const model::Model& m = c.model;
    const ReplayResult& r = c.replay;
    nlohmann::json j;
    j["scenario"] = c.scenario.path;
    j["title"] = c.scenario.title;
    j["variant"] = c.trace.variant;
    j["fresh_stack"] = c.trace.fresh_stack;
    j["reproduced"] = c.outcome == TraceOutcome::Reproduced;
    j["outcome"] = c.explanation;
    j["actors"] = nlohmann::json::array();
    for (const model::ActorInfo& a : m.actors()) j["actors"].push_back(a.name);
    const std::vector<sim::World> worlds = worlds_along(m, *m.roots().by_name(c.trace.fresh_stack), r.steps);
    j["initial"] = state_json(view_state(m, worlds[0]));
    j["steps"] = nlohmann::json::array();
    std::vector<sim::ActorId> actors;
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
        const ReplayedStep& st = r.steps[i];
        actors.push_back(st.actor);
        const model::GoSite& g = model::go_site(st.site);
        nlohmann::json changes = nlohmann::json::array();
        nlohmann::json changed = nlohmann::json::array();
        for (const WordChange& ch : st.changes) {
            changes.push_back(describe_change(m, ch));
            const std::string full = addr_name(m.layout(), ch.addr);
            changed.push_back(full.substr(0, full.find(" (")));
        }
        for (const std::string& e : st.region_events) changes.push_back(e);
        j["steps"].push_back({{"actor", st.actor},
                              {"label", g.label},
                              {"func", g.go_function},
                              {"loc", go_location(st.site)},
                              {"stmt", g.go_line},
                              {"what", g.explanation},
                              {"changes", std::move(changes)},
                              {"changed", std::move(changed)},
                              {"state", state_json(view_state(m, worlds[i + 1]))}});
    }
    j["switches"] = context_switches(actors);
    j["violation_step"] = r.violation_step;
    j["violations"] = nlohmann::json::array();
    std::vector<std::size_t> causes;
    for (const Violation& v : r.violations) {
        j["violations"].push_back({{"property", property_name(v.property)},
                                   {"message", v.message},
                                   {"why", explain_violation(m, r, v)}});
        for (std::size_t s : cause_steps(m, r, v)) causes.push_back(s);
    }
    j["causes"] = causes;
    return j;
}

// The page. Everything it needs is inline; the data goes where @DATA@ is.
constexpr std::string_view kPage = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stackrace replay</title>
<style>
body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
header { padding: 10px 16px; background: #20262e; color: #eef1f4; }
header h1 { font-size: 16px; margin: 0 0 4px 0; }
header .meta { color: #b9c2cc; }
header .verdict { margin-top: 6px; }
header .verdict b { color: #ff8f8f; }
header .why { margin-top: 4px; color: #ffd68a; }
main { display: flex; align-items: flex-start; gap: 12px; padding: 12px; }
#timeline { flex: 0 0 auto; background: #fff; border: 1px solid #d5dae0; border-radius: 6px; }
#lanes-head, .row { display: grid; }
#lanes-head { position: sticky; top: 0; background: #eef1f4; border-bottom: 1px solid #d5dae0; font-weight: 600; z-index: 1; }
#lanes-head div { padding: 6px 8px; }
.row { border-bottom: 1px solid #f0f2f5; }
.row.switch { border-top: 2px solid #9aa5b1; }
.num { color: #7a8591; text-align: right; padding: 4px 6px; font-variant-numeric: tabular-nums; }
.lane { border-left: 1px dashed #e2e6ea; padding: 2px 4px; min-height: 20px; }
.step-box { border: 1px solid #9fb3c8; background: #e8f0f9; border-radius: 4px; padding: 2px 6px; cursor: pointer; }
.step-box .lbl { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.step-box .fn { color: #5b6875; font-size: 11px; }
.step-box.cause { border-color: #e0962f; background: #fff2dc; }
.step-box.violation { border: 2px solid #d43c3c; background: #fde3e3; }
.step-box.selected { outline: 3px solid #2f6fde; }
#panel { flex: 1 1 auto; min-width: 520px; position: sticky; top: 8px; background: #fff; border: 1px solid #d5dae0; border-radius: 6px; padding: 10px 12px; }
#panel h2 { font-size: 14px; margin: 0 0 4px 0; }
#panel .src { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f5f7; padding: 4px 6px; border-radius: 4px; margin: 4px 0; }
#panel ul { margin: 4px 0 8px 18px; padding: 0; }
#memory { position: relative; display: flex; flex-wrap: wrap; gap: 16px 56px; align-items: flex-start; margin-top: 8px; }
#arrows { position: absolute; left: 0; top: 0; pointer-events: none; overflow: visible; }
.region h3 { font-size: 12px; margin: 0 0 3px 0; }
.region.free h3 { color: #a33; }
table.mem { border-collapse: collapse; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
table.mem td { border: 1px solid #cfd6de; padding: 2px 6px; white-space: nowrap; }
table.mem td.addr { color: #6b7783; }
table.mem td.name { color: #34495e; }
table.mem tr.changed td { background: #fff3b0; }
.region.free table.mem td { background: #f3e4e4; color: #8d5a5a; }
td.ptr { color: #1f5fbf; }
.small { color: #6b7783; font-size: 12px; }
#error { color: #b00; font-weight: 600; }
</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div class="meta" id="meta"></div>
  <div class="verdict" id="verdict"></div>
  <div class="why" id="why"></div>
</header>
<div id="error"></div>
<main>
  <div id="timeline"><div id="lanes-head"></div><div id="rows"></div></div>
  <div id="panel"></div>
</main>
<script id="data" type="application/json">@DATA@</script>
<script>
"use strict";
(function () {
  try {
    const data = JSON.parse(document.getElementById("data").textContent);
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    document.getElementById("title").textContent = "stackrace replay: " + data.scenario + (data.title ? " (" + data.title + ")" : "");
    document.getElementById("meta").textContent = "variant " + data.variant + ", fresh stack " + data.fresh_stack + ", " +
      data.steps.length + " steps, " + data.switches + " context switches";
    const verdict = document.getElementById("verdict");
    const why = document.getElementById("why");
    for (const v of data.violations) {
      const b = el("b", "", v.property);
      verdict.append("violation after step " + data.violation_step + ": ", b, ": " + v.message);
      why.append(el("div", "", "why: " + v.why));
    }
    verdict.append(el("div", "small", (data.reproduced ? "reproduced: " : "DIFFERENT OUTCOME: ") + data.outcome));

    // Fixed lane widths (from each lane's longest label), so the lanes line up row after row.
    const widest = data.actors.map((a) => a.length);
    for (const s of data.steps) widest[s.actor] = Math.max(widest[s.actor], s.label.length, s.func.length + s.loc.length + 2);
    const columns = "44px " + widest.map((n) => Math.round(n * 7.4 + 24) + "px").join(" ");
    const head = document.getElementById("lanes-head");
    head.style.gridTemplateColumns = columns;
    head.append(el("div", "", "step"));
    for (const a of data.actors) head.append(el("div", "", a));
    const causes = new Set(data.causes);
    const rows = document.getElementById("rows");
    const boxes = [];
    data.steps.forEach((s, i) => {
      const row = el("div", "row" + (i > 0 && data.steps[i - 1].actor !== s.actor ? " switch" : ""));
      row.style.gridTemplateColumns = columns;
      row.append(el("div", "num", String(i + 1)));
      data.actors.forEach((_, a) => {
        const lane = el("div", "lane");
        if (a === s.actor) {
          let cls = "step-box";
          if (i + 1 === data.violation_step) cls += " violation";
          else if (causes.has(i + 1)) cls += " cause";
          const box = el("div", cls);
          box.dataset.step = String(i + 1);
          box.title = s.loc + " " + s.func + ": " + s.stmt;
          box.append(el("div", "lbl", s.label), el("div", "fn", s.func + "  " + s.loc));
          box.addEventListener("click", () => select(i));
          boxes.push(box);
          lane.append(box);
        }
        row.append(lane);
      });
      rows.append(row);
    });

    function memoryTable(words, changed, fields) {
      const t = el("table", "mem");
      for (const w of words) {
        const tr = el("tr", changed.has(w.addr) ? "changed" : "");
        tr.id = "w-" + w.addr;
        const value = el("td", w.pointer ? "ptr" : "", w.value);
        if (w.target) value.dataset.target = w.target;
        if (fields) tr.append(el("td", "name", w.addr.slice(w.addr.lastIndexOf(".") + 1)), value);
        else tr.append(el("td", "addr", w.addr), el("td", "name", w.name), value);
        t.append(tr);
      }
      return t;
    }

    function drawArrows(memory) {
      const svg = document.getElementById("arrows");
      const box = memory.getBoundingClientRect();
      svg.setAttribute("width", String(memory.scrollWidth));
      svg.setAttribute("height", String(memory.scrollHeight));
      const ns = "http://www.w3.org/2000/svg";
      svg.innerHTML = '<defs><marker id="tip" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#1f5fbf"/></marker></defs>';
      for (const cell of memory.querySelectorAll("td[data-target]")) {
        const target = document.getElementById("w-" + cell.dataset.target);
        if (!target) continue;
        const a = cell.getBoundingClientRect(), b = target.getBoundingClientRect();
        const x1 = a.right - box.left, y1 = a.top + a.height / 2 - box.top;
        const toLeft = b.left > a.right;
        const x2 = (toLeft ? b.left : b.right) - box.left, y2 = b.top + b.height / 2 - box.top;
        const bend = toLeft ? Math.max(30, (x2 - x1) / 2) : 40;
        const path = document.createElementNS(ns, "path");
        const c2 = toLeft ? x2 - bend : x2 + bend;
        path.setAttribute("d", "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + c2 + "," + y2 + " " + x2 + "," + y2);
        path.setAttribute("fill", "none");
        path.setAttribute("stroke", "#1f5fbf");
        path.setAttribute("stroke-width", "1.3");
        path.setAttribute("opacity", "0.7");
        path.setAttribute("marker-end", "url(#tip)");
        svg.append(path);
      }
    }

    let selected = -1;
    function select(i) {
      if (selected >= 0) boxes[selected].classList.remove("selected");
      selected = i;
      boxes[i].classList.add("selected");
      const s = data.steps[i];
      const panel = document.getElementById("panel");
      panel.replaceChildren();
      panel.append(el("h2", "", "step " + (i + 1) + ": " + data.actors[s.actor] + " " + s.label));
      panel.append(el("div", "small", s.loc + "  " + s.func + ": " + s.what));
      panel.append(el("div", "src", s.stmt));
      const ul = el("ul");
      for (const c of s.changes) ul.append(el("li", "", c));
      if (!s.changes.length) ul.append(el("li", "small", "no word changed"));
      panel.append(el("div", "small", "words changed:"), ul);
      const st = s.state;
      const actors = el("ul");
      for (const a of st.actors)
        actors.append(el("li", "", a.name + (a.pc === "finished" ? "" : " at " + a.pc) + ": " + a.status + (a.locks.length ? "; holds " + a.locks.join(", ") : "")));
      for (const c of st.chans)
        actors.append(el("li", "", "chan " + c.name + ": lock " + c.lock + "; recvq " + (c.recvq.join(" -> ") || "empty") +
          "; sendq " + (c.sendq.join(" -> ") || "empty") + "; " + c.detail));
      panel.append(el("div", "small", "after this step:"), actors);
      const memory = el("div");
      memory.id = "memory";
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.id = "arrows";
      memory.append(svg);
      const changed = new Set(s.changed);
      const regions = [st.stacks[0], { name: "sudogs", sudogs: st.sudogs }].concat(st.stacks.slice(1));
      for (const r of regions) {
        const col = el("div", "region" + (r.state === "free" ? " free" : ""));
        if (r.sudogs) {
          col.append(el("h3", "", "sudogs"));
          for (const sg of r.sudogs) {
            col.append(el("div", "small", sg.name));
            col.append(memoryTable(sg.fields, changed, true));
          }
        } else {
          col.append(el("h3", "", r.name + " stack (" + r.state + ")"));
          col.append(memoryTable(r.words, changed, false));
        }
        memory.append(col);
      }
      panel.append(memory);
      drawArrows(memory);
    }
    document.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "j") select(Math.min(boxes.length - 1, selected + 1));
      if (e.key === "ArrowUp" || e.key === "k") select(Math.max(0, selected - 1));
    });
    select(Math.max(0, (data.violation_step || data.steps.length) - 1));
    document.body.setAttribute("data-rendered", "ok");
    document.body.setAttribute("data-steps", String(boxes.length));
  } catch (e) {
    document.body.setAttribute("data-rendered", "error");
    document.getElementById("error").textContent = "the report could not be drawn: " + e;
  }
})();
</script>
</body>
</html>
)HTML";

}  // namespace

std::string format_html_report(const TraceCheck& c) {
    std::string json = report_json(c).dump();
    // Inside <script>, "</" could end the element early; JSON allows "<\/" for it.
    for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3)) json.replace(at, 2, "<\\/");
    std::string page(kPage);
    page.replace(page.find("@DATA@"), 6, json);
    return page;
}

}  // namespace stackrace::checker
