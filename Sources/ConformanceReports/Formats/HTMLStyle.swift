/// The style sheet of `report.html`, inlined so the report is one self-contained file.
///
/// The verdict filter is CSS only (hidden radio buttons before the content, `:checked ~` rules),
/// which is why the page needs no script at all and can forbid scripts with its
/// Content-Security-Policy: a second wall behind escaping against anything a DUT sends.
enum HTMLStyle {
    static let verdictColors: [(kind: String, color: String, soft: String)] = [
        ("pass", "#1a7f37", "#dafbe1"),
        ("nonStrict", "#0969da", "#ddf4ff"),
        ("fail", "#cf222e", "#ffebe9"),
        ("inconclusive", "#9a6700", "#fff8c5"),
        ("notApplicable", "#6e7781", "#eaeef2"),
        ("error", "#8250df", "#fbefff"),
    ]

    static var css: String {
        var s = base
        for v in verdictColors {
            s += ".c-\(v.kind){color:\(v.color)}.bg-\(v.kind){background:\(v.color)}"
            s += ".chip.v-\(v.kind){background:\(v.color);color:#fff}"
            s += ".vbox.v-\(v.kind){border-left-color:\(v.color);background:\(v.soft)}"
            s += "details.case.v-\(v.kind)>summary{border-left-color:\(v.color)}"
            s += "#vf-\(v.kind):checked~main .case:not(.v-\(v.kind)){display:none}"
            s += "#vf-\(v.kind):checked~nav label[for=vf-\(v.kind)]{background:\(v.color);color:#fff;border-color:\(v.color)}\n"
        }
        s += "#vf-problems:checked~main .case.v-pass,#vf-problems:checked~main .case.v-notApplicable{display:none}"
        s += "#vf-problems:checked~nav label[for=vf-problems],#vf-all:checked~nav label[for=vf-all]{background:#24292f;color:#fff;border-color:#24292f}\n"
        return s
    }

    private static let base = """
        :root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--mono:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","DejaVu Sans",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header.top{background:#24292f;color:#fff;padding:20px 32px 18px}
        header.top .brand{font-size:12px;letter-spacing:.08em;text-transform:uppercase;opacity:.75}
        header.top h1{margin:4px 0 12px;font-size:24px;font-weight:600}
        header.top .overall{float:right;font-size:15px;font-weight:700;padding:6px 14px;border-radius:6px;margin-top:6px}
        .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:4px 24px;margin:0}
        .facts div{min-width:0}.facts dt{font-size:11px;text-transform:uppercase;letter-spacing:.05em;opacity:.7}
        .facts dd{margin:0;font-size:13px;overflow-wrap:anywhere}
        .banner{margin:16px 32px 0;padding:12px 16px;border-radius:6px;background:#fff8c5;border:1px solid #d4a72c;font-weight:600}
        section.summary,main,nav.filter,section.notrun{margin:16px 32px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:16px}
        .tiles{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:14px}
        .tile{flex:1 1 120px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--card)}
        .tile .n{font-size:26px;font-weight:700;line-height:1.1}.tile .w{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
        .bar{display:flex;height:10px;border-radius:5px;overflow:hidden;background:#eaeef2;min-width:120px}
        .bar.big{height:16px;border-radius:8px}.bar span{display:block;height:100%}
        h2{font-size:16px;margin:18px 0 8px}h3{font-size:14px;margin:18px 0 6px}
        table.counts{border-collapse:collapse;width:100%}
        table.counts th,table.counts td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
        table.counts th:first-child,table.counts td:first-child{text-align:left;white-space:normal}
        table.counts th{font-size:12px;color:var(--muted);font-weight:600}
        table.counts td.rate{width:32%}.rate .bar{display:inline-flex;width:calc(100% - 56px);vertical-align:middle}
        .rate b{display:inline-block;width:48px;text-align:right;font-weight:600}
        .zero{color:#afb8c1}
        nav.filter{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
        nav.filter label{cursor:pointer;border:1px solid var(--line);background:var(--card);border-radius:16px;padding:3px 12px;font-size:13px}
        .vf{position:absolute;opacity:0;pointer-events:none}
        details.case{background:var(--card);border:1px solid var(--line);border-radius:8px;margin-bottom:10px}
        details.case>summary{cursor:pointer;list-style:none;padding:10px 14px;border-left:5px solid transparent;border-radius:8px;display:flex;gap:10px;align-items:center}
        details.case>summary::-webkit-details-marker{display:none}
        details.case[open]>summary{border-bottom:1px solid var(--line);border-radius:8px 8px 0 0}
        .chip{display:inline-block;min-width:96px;text-align:center;font-size:11px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;padding:2px 8px;border-radius:10px}
        .cid{font-family:var(--mono);font-weight:600}.cname{flex:1}.dur{color:var(--muted);font-size:12px;white-space:nowrap}
        .hl{display:block;color:var(--muted);font-size:12px}
        .body{padding:6px 18px 16px}
        .purpose{font-size:14px;margin:8px 0}
        dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:13px}
        dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
        .vbox{border-left:4px solid;border-radius:4px;padding:10px 14px;margin:12px 0}
        .vbox .head{font-weight:600}.vbox .where{font-size:12px;color:var(--muted)}
        mark.diff{background:#fff1a8;color:inherit;border-radius:2px;box-shadow:0 0 0 1px #d4a72c}.diffs{font-size:12px;margin-top:6px}
        .ev{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-top:8px}
        .ev h4,.vbox h4{margin:6px 0 2px;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
        pre{font-family:var(--mono);font-size:12px;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:8px 10px;margin:0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:420px;overflow:auto}
        .diagram{overflow-x:auto;border:1px solid var(--line);border-radius:6px;background:#fff;padding:4px}
        svg.seq{display:block;max-width:100%;height:auto;font-family:system-ui,"DejaVu Sans",sans-serif}
        .sq-head{fill:#24292f}.sq-head-t{fill:#fff;font-size:13px;font-weight:700}.sq-head-r{fill:#d1d9e0;font-size:11px}
        .sq-life{stroke:#8c959f;stroke-width:1.5;stroke-dasharray:5 4}
        .sq-msg:hover{--sq-row:#f6f8fa}
        .sq-time{font-family:var(--mono);font-size:11px;fill:var(--muted)}
        .sq-defs{position:absolute;width:0;height:0;overflow:hidden}
        .sq-label,.sq-preview,.sq-note-t,.sq-empty{text-anchor:middle}
        .sq-label{font-size:12.5px;font-weight:600;fill:#1f2328}
        .sq-preview{font-family:var(--mono);font-size:10px;fill:#6e7781}
        .sq-msg{color:#1f6feb;stroke-width:1.6}.sq-out{color:#57606a}
        .sq-err{color:#cf222e}.sq-err .sq-label{fill:#cf222e}
        .sq-bad{color:#cf222e;stroke-width:2.6}.sq-bad .sq-label{fill:#cf222e}.sq-bad,.sq-bad:hover{--sq-row:#ffebe9}
        .sq-note-t{font-size:11.5px;fill:#424a53}
        .sq-action{--sq-box:#ddf4ff;--sq-box-line:#54aeff}.sq-connection{--sq-box:#eaeef2;--sq-box-line:#afb8c1}
        .sq-finding{--sq-box:#ffebe9;--sq-box-line:#ff8182}.sq-finding .sq-note-t{fill:#a40e26;font-weight:600}
        .sq-empty{fill:var(--muted);font-size:12px}
        ol.frames{list-style:none;margin:0;padding:0}
        ol.frames li{margin:0 0 8px}ol.frames li:target pre{outline:2px solid #0969da}
        .fm{font-size:12px;color:var(--muted);margin-bottom:2px;display:flex;gap:12px;flex-wrap:wrap}
        .fm .dir{font-weight:700;color:var(--fg)}.fm code{font-family:var(--mono)}
        pre.trace{max-height:640px;font-size:11.5px}pre.trace span:target{background:#ddf4ff;outline:1px solid #0969da}
        .trace .k-note,.trace .k-connection{color:var(--muted)}.trace .k-action{color:#0550ae}.trace .k-finding{color:#a40e26;font-weight:600}
        .k-finding pre{border-color:#ff8182;background:#ffebe9}.k-action pre{background:#ddf4ff}
        ul.warn{margin:6px 0;padding-left:20px;color:#9a6700}
        footer{margin:24px 32px 32px;color:var(--muted);font-size:12px}
        @media (max-width:800px){.ev{grid-template-columns:1fr}section.summary,main,nav.filter{margin:12px}}

        """
}
