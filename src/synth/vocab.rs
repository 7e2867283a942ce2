//! Words for synthetic gazettes: real-looking department names, people,
//! task sentences and deadline phrases, drawn from the shapes of the seeds.

/// City departments as plans print them (full name, short form used after
/// the 市 prefix in an enumeration).
pub const DEPARTMENTS: &[&str] = &[
    "发展改革委",
    "教育局",
    "科技局",
    "经济和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文广局",
    "卫生健康委",
    "退役军人局",
    "应急管理局",
    "审计局",
    "市场监管局",
    "统计局",
    "医疗保障局",
    "林草局",
    "乡村振兴局",
    "民宗局",
    "信访局",
    "旅游发展局",
    "城市管理和综合执法局",
    "行政审批和便民服务局",
    "政府国资委",
    "地震局",
    "外办",
    "产业办",
    "金融办",
];

/// Collective units that close a department cell.
pub const COLLECTIVES: &[&str] = &["各县（区）人民政府", "各相关县（区）人民政府", "各相关部门"];

/// Leaders (分管/联系市长): three-character names, and two-character names
/// the PDF pads with a space.
pub const LEADERS: &[&str] =
    &["符永波", "吴耿淡", "赵俊", "秦松茂", "米次", "刘春祥", "玉珍", "段刚辉", "中次仁", "任卫东"];

/// Department heads, one per department above (by index modulo).
pub const OFFICERS: &[&str] = &[
    "洛桑吉美",
    "巴桑次仁",
    "四郎拥珍",
    "唐开彬",
    "张玉生",
    "尹斌",
    "旺杰",
    "王增旺",
    "李培灵",
    "洛桑群培",
    "边巴",
    "谭明全",
    "旺堆多吉",
    "土丹洛桑",
    "乔多吉",
    "马冰",
    "朱军社",
    "王洪举",
    "殷贤义",
    "杨波",
    "次旦",
    "旦增维色",
    "普琼",
    "蒲前亨",
    "向军",
    "王斌",
    "加布",
    "罗布",
    "谭勇",
    "江晓红",
    "普布昌菊",
    "陆传刚",
    "次仁",
    "刘颖",
    "朱金寿",
    "格桑",
];

/// Chapter couplets: two halves of seven characters.
pub const CHAPTERS: &[(&str, &str)] = &[
    ("开足马力抓项目", "全力以赴促投资"),
    ("立足优势抓产业", "培优育强促发展"),
    ("见行见效办实事", "笃行不怠惠民生"),
    ("深化改革促开放", "创新驱动添动能"),
    ("坚持不懈固边防", "建设美丽新边疆"),
    ("严阵以待抓安全", "多措并举促和谐"),
];

/// Headings (类别 level 2), eight characters.
pub const HEADINGS: &[&str] = &[
    "加强基础设施建设",
    "加快释放消费潜力",
    "扎实推进招商引资",
    "着力办好民生实事",
    "深入推进乡村振兴",
    "大力推动就业增收",
    "办好人民满意教育",
    "提升卫生健康水平",
    "深化重点领域改革",
    "推动区域互动合作",
    "强化生态保护修复",
    "完善公共安全体系",
];

pub const VERBS: &[&str] =
    &["推进", "完成", "实施", "加快", "建设", "完善", "开展", "落实", "推动", "健全", "组织", "提升"];

pub const OBJECTS: &[&str] = &[
    "高海拔学校供暖工程",
    "农村公路项目",
    "城镇老旧小区改造",
    "智慧城市试点",
    "乡村振兴示范村",
    "职业技能培训",
    "农牧民转移就业",
    "森林草原防火体系",
    "医共体建设",
    "养老服务驿站",
    "茶产业集群",
    "边境小康村",
    "污水处理设施",
    "数字政府平台",
    "招商引资项目",
];

pub const PURPOSES: &[&str] =
    &["提升群众获得感", "确保按期完成", "形成长效机制", "促进经济稳定增长", "筑牢生态安全屏障", "巩固拓展脱贫成果"];

/// Deadline cells of markdown tables, with the month they fall in (None:
/// 长期坚持, no date).
pub const DEADLINES: &[(&str, Option<u32>, bool)] = &[
    ("长期坚持", None, true),
    ("3月底前", Some(3), false),
    ("5月底前，并长期坚持", Some(5), true),
    ("6月底前", Some(6), false),
    ("9月底前，并长期坚持", Some(9), true),
    ("10月底前", Some(10), false),
    ("12月底前", Some(12), false),
    ("12月底前，并长期坚持", Some(12), true),
];
