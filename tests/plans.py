"""Plans in the genre made from templates, a province's and a city's in turn, each with its own 文号
and figures: batches for the Ray tests and the Ray benchmark."""

from pathlib import Path

PROVINCES = [("湖南省", "湘"), ("江西省", "赣"), ("四川省", "川"), ("河南省", "豫"), ("安徽省", "皖")]
CITIES = [("株洲市", "株"), ("赣州市", "赣市"), ("绵阳市", "绵"), ("洛阳市", "洛"), ("芜湖市", "芜")]

PROVINCE_PLAN = """{region}人民政府办公厅关于印发《{region}城市更新行动实施方案》的通知

{short}政办发〔2032〕{number}号

各市州人民政府，省直有关单位：

《{region}城市更新行动实施方案》已经省人民政府同意，现印发给你们，请结合实际认真组织实施。

{region}人民政府办公厅
2032年3月{day}日

{region}城市更新行动实施方案

一、主要目标

到2034年，全省累计完成城镇老旧小区改造{a}个，改造老化燃气管道{b}公里。

二、重点任务

（一）推进老旧小区改造。

1. 改善居住条件。全省每年开工改造城镇老旧小区{c}个以上。（省住房城乡建设厅牵头，省财政厅、省发展改革委配合）

2. 完善配套设施。新增停车位{d}个，加装电梯{e}部。（省住房城乡建设厅牵头，省市场监管局配合）

（二）提升城市安全韧性。

3. 更新燃气管网。改造老化燃气管道{b}公里。（省住房城乡建设厅负责）

4. 治理城市内涝。完成易涝点整治{f}处。（省水利厅牵头，省住房城乡建设厅配合）

三、保障措施

各地要加强组织领导，省住房城乡建设厅要会同有关部门每季度调度一次进展。
"""

CITY_PLAN = """{region}人民政府办公室关于印发《{region}城市更新行动实施方案》的通知

{short}政办发〔2032〕{number}号

各县市区人民政府，市直各单位：

根据省人民政府办公厅关于城市更新行动的部署，结合我市实际，制定本方案。

{region}人民政府办公室
2032年4月{day}日

{region}城市更新行动实施方案

一、重点任务

1. 推进老旧小区改造。全市开工改造城镇老旧小区{c}个以上。（市住房城乡建设局牵头，市财政局、市发展改革委配合）

2. 推进既有住宅加装电梯。全年完成既有住宅加装电梯{e}台。（市住房城乡建设局牵头，市市场监管局配合）

3. 完善社区养老服务。新建社区嵌入式养老服务设施{f}个。（市民政局负责）

二、保障措施

市住房城乡建设局要会同有关部门建立工作台账，每月通报进展。
"""


def write_plans(folder: Path, count: int) -> list[Path]:
    """count plans, a province's and a city's in turn, each with its own 文号 and figures."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        template, regions = (PROVINCE_PLAN, PROVINCES) if i % 2 == 0 else (CITY_PLAN, CITIES)
        region, short = regions[i // 2 % len(regions)]
        figures = {f: 10 * (i + 1) + n for n, f in enumerate("abcdef")}
        text = template.format(region=region, short=short, number=i + 1, day=i % 28 + 1, **figures)
        path = folder / f"plan_{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
