"""Chinese for the dashboard's compare, stress and productivity pages (``_text.t`` reads it
before the report's dictionary, ``yindi.report._zh_ui.UI``). Presentation only."""

from __future__ import annotations

__all__ = ["APP_UI"]

APP_UI: dict[str, str] = {
    # -- compare two runs
    "Compare two runs": "比较两次运行",
    "Run A": "运行A",
    "Run B": "运行B",
    "run A": "运行A",
    "run B": "运行B",
    "Choose two different runs.": "请选择两次不同的运行。",
    "Comparing needs two runs in the store: save another on the Runs page.": (
        "比较需要运行库中至少有两次运行：请在“运行记录”页再保存一次。"
    ),
    "Comparing the runs...": "正在比较两次运行……",
    "Differences are run B minus run A: a positive score difference means run B scores the "
    "item higher, a positive rank change that it fell in run B's list.": (
        "差值均为运行B减运行A：得分差为正表示运行B给该项的得分更高，排名变化为正表示该项在运行B的清单中下降。"
    ),
    "Coordinated allocation": "统筹布局",
    "only in run A": "仅在运行A中",
    "only in run B": "仅在运行B中",
    "in both runs": "两次运行均有",
    "items in run A": "运行A项目数",
    "items in run B": "运行B项目数",
    "change": "变化",
    "gained": "新增",
    "lost": "减少",
    "where": "所在",
    "Scores of the plan's lists": "规划清单得分",
    "{changed} of {total} items score differently or are in one run only; largest change "
    "first.": "{total}项中有{changed}项得分不同或仅见于一次运行；按变化幅度从大到小排列。",
    "score in run A": "运行A得分",
    "score in run B": "运行B得分",
    "difference": "差值",
    "rank in run A": "运行A排名",
    "rank in run B": "运行B排名",
    "rank change": "排名变化",
    "Rank changes of each region's top picks": "各地区首选项的排名变化",
    "Every region's top picks keep their ranks.": "各地区首选项的排名均未变化。",
    "Settings that differ": "不同的设置",
    "setting": "设置",
    "The two runs were made with the same settings.": "两次运行的设置相同。",
    "run A has no coordination: its allocation counts as empty": "运行A没有统筹结果：其布局按空计",
    "run B has no coordination: its allocation counts as empty": "运行B没有统筹结果：其布局按空计",
    "run A has no paths table: its scores count as missing": "运行A没有路径表：其得分按缺失计",
    "run B has no paths table: its scores count as missing": "运行B没有路径表：其得分按缺失计",
    # -- stress tests
    "Stress tests": "压力测试",
    "Run the shipped stress scenarios": "运行内置压力情景",
    "Running the stress scenarios...": "正在运行压力情景……",
    "The stress tests need the stress extra (pymrio): pip install 'yindi[stress]', then "
    "restart yindi serve.": (
        "压力测试需要stress扩展（pymrio）：pip install 'yindi[stress]'，然后重新启动yindi serve。"
    ),
    "This run has no stress tests, and they can be run here only on the embedded China data "
    "with a coordination: run yindi stress on your own input-output table (yindi stress --io "
    "FILE).": (
        "本次运行没有压力测试结果；此处只能在内置中国数据且有统筹结果时运行："
        "请用yindi stress在您自己的投入产出表上运行（yindi stress --io FILE）。"
    ),
    "The stress tests saved with this run (yindi plan --store).": (
        "随本次运行保存的压力测试（yindi plan --store）。"
    ),
    "The shipped scenarios run on this run's coordination (not saved with the run).": (
        "在本次运行的统筹结果上运行的内置情景（未随运行保存）。"
    ),
    "{scenario}: share of each region's output lost, coordinated": (
        "{scenario}：各地区产出损失占比（统筹后）"
    ),
    "provinces' own picks": "各省自选",
    "output lost, provinces' own picks (10,000 CNY)": "产出损失，各省自选（万元）",
    "output lost, coordinated (10,000 CNY)": "产出损失，统筹后（万元）",
    # -- productivity
    "Productivity": "生产率",
    "Computing the NQPF index...": "正在计算新质生产力指数……",
    "The productivity tables saved with this run.": "随本次运行保存的生产率表。",
    "Computed from the embedded data (the productivity stage; not saved with the run).": (
        "由内置数据计算（生产率阶段；未随运行保存）。"
    ),
    "This run has no productivity tables and was not made on the embedded data: compute them "
    "with yindi productivity on your own indicators.": (
        "本次运行没有生产率表，且不是基于内置数据：请用yindi productivity在您自己的指标上计算。"
    ),
    "Total factor productivity": "全要素生产率",
    "TFP growth accounting needs real output, investment and employment by region and year, "
    "which this run lacks; give them as a growth table (yindi productivity --growth FILE). "
    "Below: productivity change by the Malmquist index (DEA).": (
        "全要素生产率增长核算需要分地区、分年份的实际产出、投资和就业，本次运行缺少这些数据；"
        "请以增长表提供（yindi productivity --growth FILE）。下表为Malmquist指数（DEA）衡量的生产率变化。"
    ),
    "period": "时期",
    "Malmquist productivity change": "Malmquist生产率变化",
    "efficiency change": "效率变化",
    "technical change": "技术变化",
    "How far to trust it": "可信程度",
    "{n} region-years have no NQPF index: their indicators are missing.": (
        "{n}个地区-年份没有新质生产力指数：其指标缺失。"
    ),
    "Rank agreement of the index across weighting schemes (Spearman)": (
        "不同赋权方案下指数排名的一致性（Spearman）"
    ),
    "weighting A": "赋权方案A",
    "weighting B": "赋权方案B",
    "Spearman": "Spearman",
}
