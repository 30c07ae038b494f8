namespace TaobaoEtl.TopSim.World;

/// <summary>The words trades are made of: CJK titles, places, memos, refund reasons.</summary>
internal static class CjkCatalog
{
    public static readonly string[] Brands = ["小熊", "九阳", "三只松鼠", "良品铺子", "李宁", "花西子", "美的", "百草味", "安踏", "江南布衣"];
    public static readonly string[] Products =
    [
        "电饭煲家用多功能", "每日坚果混合装750g", "纯棉短袖T恤男夏季", "破壁机静音加热", "羽绒服女中长款", "蜜粉散粉控油定妆",
        "空气炸锅大容量", "牛肉干手撕风干", "跑步鞋男透气减震", "保温杯316不锈钢", "真丝睡衣两件套", "手机壳防摔硅胶",
    ];
    public static readonly string[] Prefixes = ["", "", "【双11预售】", "【官方正品】", "【顺丰包邮】", "【限时秒杀】"];
    public static readonly string[] Colours = ["黑色", "白色", "雾霾蓝", "樱花粉", "燕麦色", "军绿色"];
    public static readonly string[] Sizes = ["S", "M", "L", "XL", "XXL", "均码"];
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "屈", "周", "吴", "徐"];
    public static readonly string[] NickWords = ["快乐的", "爱吃", "小小", "阿", "甜甜", "安静的"];
    public static readonly string[] NickTails = ["猫咪", "兔子", "大橙子", "布丁", "鲸鱼", "星星"];

    public static readonly (string State, string City, string District, string Town, string Street, string Zip)[] Places =
    [
        ("浙江省", "杭州市", "西湖区", "文新街道", "文三路", "310012"),
        ("上海", "上海市", "浦东新区", "张江镇", "祖冲之路", "201203"),
        ("广东省", "深圳市", "南山区", "粤海街道", "科技园路", "518057"),
        ("北京", "北京市", "朝阳区", "望京街道", "阜通东大街", "100102"),
        ("四川省", "成都市", "武侯区", "桂溪街道", "天府大道", "610041"),
        ("江苏省", "南京市", "鼓楼区", "湖南路街道", "中山北路", "210009"),
        ("湖北省", "武汉市", "洪山区", "关山街道", "光谷大道", "430074"),
    ];

    public static readonly string[] Memos =
    [
        "客户要求周末送达", "赠品已备注：小样两份", "换成顺丰，差价已补", "地址已与买家电话核实", "发票抬头：个人",
        "买家催单，优先发货", "缺货，等待补货后发出", "大促订单，合并发货",
    ];

    public static readonly string[] BuyerMessages = ["请尽快发货，谢谢", "麻烦用纸箱包装", "周末有人在家", "送朋友的，不要放价格单"];
    public static readonly string[] RefundReasons = ["七天无理由退换货", "不想要了", "尺码拍错/不合适", "商品质量问题", "未按约定时间发货"];
    public static readonly string[] Couriers = ["顺丰速运", "中通快递", "圆通速递", "韵达快递", "申通快递", "京东物流"];
    // Emoji as buyers and sellers type them: in the BMP (one UTF-16 unit, some with a variation selector) and outside
    // it (a surrogate pair in UTF-16, four bytes in UTF-8).
    public static readonly string[] BmpEmoji = ["☀️", "❤", "✨", "☺", "✅", "★", "⚡"];
    public static readonly string[] AstralEmoji = ["😀", "🎁", "🔥", "👍", "🧧", "📦", "🙏", "🐱"];
    public static readonly string[] AddressTails = ["3栋2单元501", "菜鸟驿站代收", "门卫室", "B座12楼前台"];
    public static readonly string[] Promotions = ["满300减30", "店铺优惠券", "双11跨店满减", "会员专享价", "限时折扣"];
}
