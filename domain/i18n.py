"""User-facing messages in Simplified Chinese and English, looked up by error code."""

from __future__ import annotations

SUPPORTED_LOCALES = ("zh-CN", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (zh-CN, en)
    "NOT_FOUND": ("记录不存在或无权访问", "Record not found or not accessible"),
    "FORBIDDEN": ("无权访问该字段或操作", "You are not allowed to access this field or action"),
    "UNAUTHENTICATED": ("请先登录", "Please sign in first"),
    "INVALID_INPUT": ("输入无效", "Invalid input"),
    "REQUIRED": ("此项为必填", "This field is required"),
    "TOO_LONG": ("内容过长", "Value is too long"),
    "DUPLICATE": ("记录已存在", "A record with this value already exists"),
    "INTERNAL": ("服务器内部错误，请稍后重试", "Internal server error, please try again later"),
    "QUERY_TOO_LARGE": ("查询内容过大（超过 {limit} 字节）", "Query is too large (over {limit} bytes)"),
    "MALFORMED_REQUEST": ("请求格式错误：{detail}", "Malformed request: {detail}"),
    "QUERY_TOO_DEEP": ("查询嵌套过深（上限 {limit} 层）", "Query is nested too deeply (limit {limit})"),
    "TOO_MANY_ALIASES": ("查询别名过多（上限 {limit} 个）", "Too many aliases in the query (limit {limit})"),
    "TOO_MANY_TOKENS": ("查询过于复杂（上限 {limit} 个词元）", "Query is too complex (limit {limit} tokens)"),
    "PAGE_TOO_LARGE": ("每页最多 {limit} 条", "At most {limit} rows per page"),
    "INVALID_CURSOR": ("分页游标无效", "Invalid pagination cursor"),
    "INVALID_CREDENTIALS": ("用户名或密码错误", "Incorrect username or password"),
    "ACCOUNT_LOCKED": ("尝试次数过多，请 {minutes} 分钟后再试", "Too many attempts, try again in {minutes} minutes"),
    "TOKEN_EXPIRED": ("登录已过期，请重新登录", "Your session has expired, please sign in again"),
    "TOKEN_INVALID": ("登录凭证无效", "Invalid credentials token"),
    "TOKEN_REUSED": ("刷新令牌已被使用，为安全起见已注销该会话", "Refresh token was already used; the session has been revoked for safety"),
    "WEAK_PASSWORD": ("密码至少 10 位，且不能是演示密码", "Password must have at least 10 characters and must not be a demo password"),
    "UNKNOWN_ROLE": ("未知角色：{role}", "Unknown role: {role}"),
    "INVALID_EMAIL": ("邮箱格式不正确", "Invalid e-mail address"),
    "INVALID_PHONE": ("手机号格式不正确", "Invalid phone number"),
    "USER_DISABLED": ("该账号已停用", "This account is disabled"),
    "TEAM_CYCLE": ("团队层级不能形成循环", "Teams cannot be nested in a cycle"),
    "INVALID_ID_NUMBER": ("证件号码格式不正确", "Invalid ID number"),
    "INVALID_CHOICE": ("取值无效，可选：{allowed}", "Invalid value; choose one of: {allowed}"),
    "INVALID_TAGS": ("标签最多 {limit} 个，每个不超过 30 字", "At most {limit} tags of up to 30 characters"),
    "INVALID_NUMBER": ("请输入数字", "Please enter a number"),
    "INVALID_DATE": ("日期格式应为 YYYY-MM-DD", "Dates must look like YYYY-MM-DD"),
    "DUPLICATE_CUSTOMER": ("疑似重复客户（{match}与现有客户 {existing} 相同）", "Possible duplicate: same {match} as existing customer {existing}"),
    "UNKNOWN_OWNER": ("负责人不存在或已停用", "The owner does not exist or is disabled"),
    "CLAIM_LIMIT_REACHED": ("今日领取已达上限（{limit} 个）", "Daily claim limit reached ({limit})"),
    "NOT_IN_POOL": ("该客户不在公海中", "This customer is not in the public pool"),
    "REASON_REQUIRED": ("请填写原因", "Please give a reason"),
    "MERGE_INVALID": ("合并对象无效：{detail}", "Cannot merge: {detail}"),
    "TOO_MANY_IDS": ("一次最多处理 {limit} 条", "At most {limit} records at a time"),
    "FILE_TOO_LARGE": ("文件过大（上限 {limit}）", "File is too large (limit {limit})"),
    "UNSUPPORTED_FILE": ("仅支持 CSV 或 XLSX 文件", "Only CSV or XLSX files are supported"),
    "UNREADABLE_FILE": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
    "MISSING_COLUMN": ("缺少必需的列：{column}", "Required column missing: {column}"),
    "TOO_MANY_ROWS": ("行数过多（上限 {limit} 行）", "Too many rows (limit {limit})"),
    "INVALID_QUANTITY": ("数量必须是正整数", "Quantity must be a positive whole number"),
    "INSUFFICIENT_STOCK": ("库存不足（可用 {available}）", "Not enough stock ({available} available)"),
    "INVALID_POLICY": ("权限规则无效：{detail}", "Invalid policy rule: {detail}"),
    "AUDIT_UNAVAILABLE": ("审计记录暂时无法写入，敏感数据未返回", "The audit trail cannot be written right now; sensitive data was withheld"),
    "AUDIT_RECORD_ALTERED": ("审计记录 #{seq} 已被篡改", "Audit record #{seq} was altered"),
    "AUDIT_RECORD_MISSING": ("审计记录 #{seq} 缺失（已被删除）", "Audit record #{seq} is missing (deleted)"),
    "AUDIT_LINK_BROKEN": ("审计记录 #{seq} 未链接到前一条记录", "Audit record #{seq} does not link to the record before it"),
    "AUDIT_CHAIN_TRUNCATED": ("审计链从 #{seq} 起被截断（检查点记录到 #{checkpoint}）", "The audit chain is cut off from #{seq} (a checkpoint vouches for records up to #{checkpoint})"),
    "AUDIT_CHECKPOINT_MISMATCH": ("审计记录 #{seq} 与检查点不一致", "Audit record #{seq} does not match its checkpoint"),
    "AUDIT_CHECKPOINT_FORGED": ("检查点文件第 {line} 行签名无效", "Line {line} of the checkpoint file has an invalid signature"),
    "FILE_NOT_TEXT": ("既不是文本文件，也不是 XLSX 工作簿", "it is neither a text file nor an XLSX workbook"),
    "FILE_BAD_ENCODING": ("无法识别字符编码，请另存为 UTF-8 或 GBK", "unknown character encoding; save it as UTF-8 or GBK"),
    "FILE_BAD_XLSX": ("XLSX 工作簿已损坏或受密码保护", "the XLSX workbook is damaged or password-protected"),
    "FILE_EMPTY": ("文件为空或没有表头行", "the file is empty or has no header row"),
    "RAGGED_ROW": ("该行有 {found} 列，表头有 {expected} 列", "This row has {found} cells but the header has {expected}"),
    "MALFORMED_ROW": ("该行不是有效的 CSV（请检查引号和分隔符）", "This row is not valid CSV (check quotes and separators)"),
    "INVALID_ENCODING": ("该行含有无法识别的字符，请将文件另存为 UTF-8 或 GBK", "This row has unreadable characters; save the file as UTF-8 or GBK"),
    "DUPLICATE_IN_FILE": ("与文件第 {row} 行重复（{match}相同）", "Same {match} as row {row} of the file"),
    "IMPORT_FAILED": ("导入中断，已导入的行保留，请稍后重试其余部分", "The import stopped; rows already imported are kept, please retry the rest later"),
    "QUANTITY_TOO_LARGE": ("数量不能超过 {limit}", "Quantity cannot exceed {limit}"),
    "INVALID_DISCOUNT": ("折扣须在 0 到 1 之间（0.05 表示优惠 5%），最多四位小数", "Discount must be between 0 and 1 (0.05 = 5 % off), with at most four decimal places"),
    "INVALID_PRICE": ("单价须为不小于 0 的金额，最多两位小数", "Unit price must be an amount of at least 0 with at most two decimal places"),
    "TOO_MANY_LINES": ("每次最多 {limit} 行", "At most {limit} lines at a time"),
    "DUPLICATE_LINE": ("同一订单行只能出现一次", "Each order line may appear only once"),
    "UNKNOWN_PRODUCT": ("产品不存在", "Unknown product"),
    "PRODUCT_INACTIVE": ("产品 {sku} 已停售", "Product {sku} is no longer sold"),
    "PRICE_BELOW_FLOOR": ("产品 {sku} 折后单价低于最低售价，需要特价权限", "The price of {sku} after discount is below its floor price; this needs special-price permission"),
    "NO_WAREHOUSE": ("没有可用的仓库，请先创建仓库", "There is no active warehouse; create one first"),
    "UNKNOWN_WAREHOUSE": ("仓库不存在或已停用", "The warehouse does not exist or is inactive"),
    "UNKNOWN_CONTRACT": ("合同不存在、已终止或不属于该客户", "The contract does not exist, is terminated or belongs to another customer"),
    "AMOUNT_TOO_LARGE": ("订单金额过大", "The order amount is too large"),
    "ORDER_ALREADY_CONFIRMED": ("订单已确认，不能重复确认", "The order is already confirmed"),
    "ORDER_CANCELLED": ("订单已取消", "The order is cancelled"),
    "ORDER_NOT_CONFIRMED": ("订单尚未确认", "The order is not confirmed yet"),
    "ORDER_ALREADY_SHIPPED": ("订单已发货，不能取消；请办理退货", "The order has shipped and cannot be cancelled; create a return instead"),
    "ORDER_FULLY_SHIPPED": ("订单已全部发货", "Everything on this order has already shipped"),
    "ORDER_NOT_SHIPPED": ("订单全部发货后才能完成", "An order can be completed only once everything has shipped"),
    "ORDER_COMPLETED": ("订单已完成", "The order is already completed"),
    "NOTHING_SHIPPED": ("订单尚未发货，没有可退的货物", "Nothing on this order has shipped, so nothing can be returned"),
    "EXCEEDS_OUTSTANDING": ("超过未发货数量（剩余 {available}）", "More than is left to ship ({available} outstanding)"),
    "EXCEEDS_RETURNABLE": ("超过可退数量（可退 {available}）", "More than can be returned ({available} shipped and not returned)"),
    "DUPLICATE_SKU": ("SKU {sku} 已存在", "SKU {sku} already exists"),
    "INVALID_SKU": ("SKU 只能包含字母、数字和 . _ / -，最长 64 位", "A SKU may contain only letters, digits and . _ / -, up to 64 characters"),
    "UNKNOWN_CATEGORY": ("商品分类不存在", "Unknown product category"),
    "UNKNOWN_SUPPLIER": ("供应商不存在", "Unknown supplier"),
    "UNKNOWN_PRICE_LIST": ("价目表不存在", "Unknown price list"),
    "INVALID_TAX_RATE": ("税率须在 0 到 1 之间（0.13 表示 13%），最多四位小数", "Tax rate must be between 0 and 1 (0.13 = 13 %), with at most four decimal places"),
    "INVALID_CURRENCY": ("币种应为三位字母代码，如 CNY", "Currency must be a three-letter code such as CNY"),
    "PRICE_FLOOR_ABOVE_LIST": ("最低售价不能高于标价", "The floor price cannot be above the list price"),
    "INVALID_THRESHOLD": ("须为不小于 0 的整数", "Must be a whole number, zero or more"),
    "INVALID_CODE": ("编码只能包含字母、数字、_ 和 -", "A code may contain only letters, digits, _ and -"),
    "SAME_WAREHOUSE": ("调出和调入仓库不能相同", "The source and destination warehouses must differ"),
    "PO_ALREADY_RECEIVED": ("采购单 {number} 已收货，不能重复收货", "Purchase order {number} has already been received"),
    "PO_NOT_OPEN": ("采购单 {number} 状态为 {status}，不能执行此操作", "Purchase order {number} is {status}; this is no longer possible"),
    "ALERT_LOW_STOCK": ("{product}（{sku}）在{warehouse}的可用库存 {available} 低于安全库存 {safety}", "{product} ({sku}) at {warehouse}: {available} available, below the safety stock of {safety}"),
    "INVALID_TRANSITION": ("当前状态为 {status}，不能执行此操作", "Not possible while the status is {status}"),
    "APPROVAL_REQUIRED": ("金额超过 {threshold}，须先提交审批", "Amounts above {threshold} must be approved first"),
    "ALREADY_APPROVED": ("该合同已审批通过", "This contract is already approved"),
    "SELF_APPROVAL": ("不能审批自己的合同", "You cannot approve or reject your own contract"),
    "UNKNOWN_CUSTOMER": ("客户不存在或无权访问", "The customer does not exist or is not accessible"),
    "INVALID_AMOUNT": ("金额须大于 0，最多两位小数", "Amount must be greater than 0, with at most two decimal places"),
    "AMOUNT_EXCEEDS_CONTRACT": ("累计金额不能超过合同金额（还可登记 {remaining}）", "The total cannot exceed the contract amount ({remaining} left)"),
    "END_BEFORE_START": ("结束日期不能早于开始日期", "The end date cannot be before the start date"),
    "DATE_IN_FUTURE": ("日期不能晚于今天", "The date cannot be in the future"),
    "DATE_IN_PAST": ("日期不能早于今天", "The date cannot be in the past"),
    "QUOTE_EXPIRED": ("报价已于 {validUntil} 过期", "The quote expired on {validUntil}"),
    "QUOTE_ALREADY_CONVERTED": ("该报价已生成合同 {number}", "This quote already became contract {number}"),
    "UNSUPPORTED_FILE_TYPE": ("不支持该文件类型，可选：{allowed}", "Unsupported file type; allowed: {allowed}"),
    "INVALID_SHA256": ("SHA-256 校验值应为 64 位十六进制字符", "SHA-256 must be 64 hexadecimal characters"),
    "INVALID_FILE_NAME": ("文件名不能包含路径分隔符或控制字符", "File names cannot contain path separators or control characters"),
    "CONCURRENT_CHANGE": ("记录刚被他人修改，请重试", "Someone else just changed this record; please try again"),
    # Sales funnel: pipelines, opportunities, leads, tasks, notifications
    "UNKNOWN_PIPELINE": ("销售流程不存在或没有可用阶段", "The pipeline does not exist or has no open stage"),
    "UNKNOWN_STAGE": ("阶段不存在", "The stage does not exist"),
    "STAGE_OTHER_PIPELINE": ("该阶段属于另一个销售流程", "This stage belongs to another pipeline"),
    "STAGE_CLOSED": ("新商机不能直接进入赢单或输单阶段", "A new opportunity cannot start in a won or lost stage"),
    "WIN_NEEDS_AMOUNT": ("赢单前请填写大于 0 的商机金额", "An opportunity needs an amount above zero to be won"),
    "PIPELINE_NEEDS_STAGES": ("销售流程须至少有一个进行中阶段，且赢单、输单阶段各一个", "A pipeline needs at least one open stage, exactly one won stage and one lost stage"),
    "INVALID_STAGE_FLAGS": ("阶段不能同时是赢单和输单；新增阶段只能是进行中阶段", "A stage cannot be both won and lost, and added stages must be open ones"),
    "INVALID_PROBABILITY": ("赢率须在 0 到 1 之间（0.25 表示 25%），最多四位小数", "Win probability must be between 0 and 1 (0.25 = 25 %), with at most four decimal places"),
    "INVALID_COLOR": ("颜色应为 #RRGGBB 格式", "Colours look like #RRGGBB"),
    "INVALID_POSITION": ("位置须为不小于 0 的整数", "Position must be a whole number, zero or more"),
    "INVALID_MONEY": ("金额须为不小于 0 的数，最多两位小数", "The amount must be zero or more, with at most two decimal places"),
    "UNKNOWN_OPPORTUNITY": ("商机不存在或无权访问", "The opportunity does not exist or is not accessible"),
    "UNKNOWN_ASSIGNEE": ("执行人不存在、已停用或不在您的管理范围内", "The assignee does not exist, is disabled or is outside your scope"),
    "UNKNOWN_ORDER": ("订单不存在或无权访问", "The order does not exist or is not accessible"),
    "REMINDER_AFTER_DUE": ("提醒时间不能晚于截止时间", "The reminder cannot be later than the due time"),
    "NOTIFY_TASK_REMINDER": ("任务提醒：{title}（{due} 截止）", "Reminder: {title} (due {due})"),
    # E-mail: templates, sending, unsubscribe links
    "INVALID_TEMPLATE": ("模板有误（{detail}）", "The template has an error ({detail})"),
    "UNKNOWN_FIELD": ("未知字段：{name}", "Unknown field: {name}"),
    "UNKNOWN_TEMPLATE": ("邮件模板不存在：{name}", "There is no e-mail template named {name}"),
    "MAIL_NOT_SENT": ("邮件未能发送，稍后将重试（{detail}）", "The e-mail could not be sent and will be retried ({detail})"),
    "INVALID_MAIL_HEADER": ("邮件地址或标题不能包含换行符", "E-mail addresses and subjects cannot contain line breaks"),
    "INVALID_UNSUBSCRIBE_LINK": ("退订链接无效或已损坏", "This unsubscribe link is invalid or damaged"),
}


def normalise_locale(value: str | None) -> str:
    """Map an Accept-Language header or user preference to a supported locale."""
    if not value:
        return "zh-CN"
    for part in value.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh"):
            return "zh-CN"
    return "zh-CN"


def translate(code: str, locale: str | None = None, **params: object) -> str:
    """The message for ``code`` in ``locale``; unknown codes fall back to the code itself."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    template = pair[1] if normalise_locale(locale) == "en" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
