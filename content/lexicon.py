"""Words the offline provider needs per language (ru, uz Latin, en). Data only."""
from __future__ import annotations

# Category leaf (as partners write it, mostly Russian) -> (ru singular noun, uz, en).
NOUNS: dict[str, tuple[str, str, str]] = {
    "смартфоны": ("Смартфон", "Smartfon", "Smartphone"),
    "наушники": ("Наушники", "Quloqchin", "Headphones"),
    "аккумуляторы": ("Внешний аккумулятор", "Power bank", "Power bank"),
    "умные часы": ("Умные часы", "Aqlli soat", "Smartwatch"),
    "кабели": ("Кабель", "Kabel", "Cable"),
    "ноутбуки": ("Ноутбук", "Noutbuk", "Laptop"),
    "холодильники": ("Холодильник", "Muzlatkich", "Refrigerator"),
    "стиральные машины": ("Стиральная машина", "Kir yuvish mashinasi", "Washing machine"),
    "климат": ("Кондиционер", "Konditsioner", "Air conditioner"),
    "чайники": ("Электрочайник", "Elektr choynak", "Electric kettle"),
    "пылесосы": ("Пылесос", "Changyutgich", "Vacuum cleaner"),
    "мультиварки": ("Мультиварка", "Multivarka", "Multicooker"),
    "утюги": ("Утюг", "Dazmol", "Iron"),
    "посуда": ("Посуда", "Idish-tovoq", "Cookware"),
    "текстиль": ("Домашний текстиль", "Uy to'qimachiligi", "Home textile"),
    "головные уборы": ("Головной убор", "Bosh kiyim", "Headwear"),
    "женская": ("Одежда женская", "Ayollar kiyimi", "Women's clothing"),
    "мужская": ("Одежда мужская", "Erkaklar kiyimi", "Men's clothing"),
    "уход за телом": ("Уход за телом", "Tana parvarishi", "Body care"),
    "уход за волосами": ("Уход за волосами", "Soch parvarishi", "Hair care"),
    "уход за лицом": ("Уход за лицом", "Yuz parvarishi", "Face care"),
    "сухофрукты": ("Сухофрукты", "Quritilgan mevalar", "Dried fruit"),
    "орехи": ("Орехи", "Yong'oqlar", "Nuts"),
    "чай": ("Чай", "Choy", "Tea"),
    "мёд": ("Мёд", "Asal", "Honey"),
    "подгузники": ("Подгузники", "Tagliklar", "Diapers"),
    "игрушки": ("Игрушка", "O'yinchoq", "Toy"),
    "мебель": ("Детская мебель", "Bolalar mebeli", "Kids' furniture"),
    "тренажёры": ("Тренажёр", "Trenajyor", "Fitness equipment"),
    "йога": ("Товары для йоги", "Yoga uchun", "Yoga gear"),
}
LANG_INDEX = {"ru": 0, "uz": 1, "en": 2}

COLORS: dict[str, tuple[str, str, str]] = {
    "чёрный": ("чёрный", "qora", "black"), "черный": ("чёрный", "qora", "black"),
    "белый": ("белый", "oq", "white"), "синий": ("синий", "ko'k", "blue"), "серый": ("серый", "kulrang", "grey"),
    "красный": ("красный", "qizil", "red"), "зелёный": ("зелёный", "yashil", "green"),
    "бежевый": ("бежевый", "bej", "beige"), "розовый": ("розовый", "pushti", "pink"),
    "серые": ("серый", "kulrang", "grey"), "чёрная": ("чёрный", "qora", "black"),
}

# Attribute key -> label per language.
LABELS: dict[str, tuple[str, str, str]] = {
    "brand": ("Бренд", "Brend", "Brand"), "color": ("Цвет", "Rang", "Colour"), "size": ("Размер", "O'lcham", "Size"),
    "model": ("Модель", "Model", "Model"), "type": ("Тип товара", "Mahsulot turi", "Product type"),
    "memory_gb": ("Память, ГБ", "Xotira, GB", "Storage, GB"), "ram_gb": ("Оперативная память, ГБ", "Operativ xotira, GB", "RAM, GB"),
    "volume_l": ("Объём, л", "Hajm, l", "Volume, l"), "volume_ml": ("Объём, мл", "Hajm, ml", "Volume, ml"),
    "net_weight_g": ("Вес нетто, г", "Sof og'irlik, g", "Net weight, g"), "weight_g": ("Вес, г", "Og'irlik, g", "Weight, g"),
    "power_w": ("Мощность, Вт", "Quvvat, Vt", "Power, W"), "material": ("Материал", "Material", "Material"),
    "fabric": ("Ткань", "Mato", "Fabric"), "handmade": ("Ручная работа", "Qo'l mehnati", "Handmade"),
    "count": ("Количество, шт.", "Soni, dona", "Pieces"), "pieces": ("Количество, шт.", "Soni, dona", "Pieces"),
    "dimensions_mm": ("Размеры (Д×Ш×В), мм", "O'lchamlari (U×E×B), mm", "Dimensions (L×W×H), mm"),
}
YES_NO = {"ru": ("да", "нет"), "uz": ("ha", "yo'q"), "en": ("yes", "no")}

# Card text per language. {noun}, {brand}, {title} are filled in by the offline provider.
TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "intro": "{title}. {noun} от бренда {brand} для повседневного использования.",
        "features": "Характеристики",
        "about": "О товаре",
        "package": "Размеры упаковки: {dims} мм, вес {weight} г.",
        "care": "Перед использованием ознакомьтесь с инструкцией производителя. Товар проходит проверку перед отправкой.",
        "article": "арт.",
        "pieces": "{n} шт.",
    },
    "uz": {
        "intro": "{title}. {brand} brendining {noun_l} mahsuloti kundalik foydalanish uchun.",
        "features": "Xususiyatlari",
        "about": "Mahsulot haqida",
        "package": "Qadoq o'lchamlari: {dims} mm, og'irligi {weight} g.",
        "care": "Foydalanishdan oldin ishlab chiqaruvchining yo'riqnomasi bilan tanishing. Mahsulot jo'natishdan oldin tekshiriladi.",
        "article": "art.",
        "pieces": "{n} dona",
    },
    "en": {
        "intro": "{title}. A {noun_l} by {brand} for everyday use.",
        "features": "Specifications",
        "about": "About the product",
        "package": "Package size: {dims} mm, weight {weight} g.",
        "care": "Read the manufacturer's instructions before use. Every item is checked before dispatch.",
        "article": "art.",
        "pieces": "{n} pcs",
    },
}

# Review replies: opening by sentiment, sentences by topic, closing by refund policy.
REPLY: dict[str, dict[str, str]] = {
    "ru": {
        "hello": "Здравствуйте{name}!",
        "positive": "Спасибо за отзыв о товаре «{product}» и высокую оценку, нам очень приятно.",
        "neutral": "Спасибо за отзыв о товаре «{product}».",
        "negative": "Нам жаль, что товар «{product}» вас огорчил, и спасибо, что написали об этом.",
        "delivery": "Мы передали замечание о доставке службе логистики, чтобы следующие заказы приходили вовремя.",
        "quality": "Мы проверим партию на складе и передадим ваш отзыв о качестве производителю.",
        "size": "Обратите внимание на таблицу размеров в карточке: мы уточнили её, чтобы было проще выбрать.",
        "packaging": "Мы усилим упаковку, чтобы товар доходил в целости.",
        "price": "Мы стараемся держать честную цену за это качество.",
        "description": "Мы сверим описание и фото в карточке с товаром и поправим неточности.",
        "policy_yes": "Напишите нам в чат заказа: оформим возврат или замену по правилам площадки.",
        "policy_no": "Напишите нам в чат заказа, и мы поможем разобраться с ситуацией.",
        "bye_positive": "Будем рады видеть вас снова!",
        "bye": "С уважением, команда магазина.",
    },
    "uz": {
        "hello": "Assalomu alaykum{name}!",
        "positive": "«{product}» haqidagi fikringiz va yuqori bahoingiz uchun rahmat, bu biz uchun juda yoqimli.",
        "neutral": "«{product}» haqidagi fikringiz uchun rahmat.",
        "negative": "«{product}» sizni xafa qilganidan afsusdamiz, bu haqda yozganingiz uchun rahmat.",
        "delivery": "Yetkazib berish bo'yicha fikringizni logistika xizmatiga yetkazdik, keyingi buyurtmalar o'z vaqtida kelishi uchun.",
        "quality": "Ombordagi partiyani tekshiramiz va sifat haqidagi fikringizni ishlab chiqaruvchiga yetkazamiz.",
        "size": "Kartochkadagi o'lchamlar jadvaliga e'tibor bering: tanlash oson bo'lishi uchun uni aniqlashtirdik.",
        "packaging": "Mahsulot butun yetib borishi uchun qadoqni mustahkamlaymiz.",
        "price": "Biz bu sifat uchun adolatli narxni saqlashga harakat qilamiz.",
        "description": "Kartochkadagi tavsif va rasmlarni mahsulot bilan solishtirib, xatolarni tuzatamiz.",
        "policy_yes": "Buyurtma chatida bizga yozing: maydon qoidalari bo'yicha qaytarish yoki almashtirishni rasmiylashtiramiz.",
        "policy_no": "Buyurtma chatida bizga yozing, vaziyatni hal qilishda yordam beramiz.",
        "bye_positive": "Sizni yana kutib qolamiz!",
        "bye": "Hurmat bilan, do'kon jamoasi.",
    },
    "en": {
        "hello": "Hello{name}!",
        "positive": "Thank you for your review of “{product}” and the high rating, it means a lot to us.",
        "neutral": "Thank you for your review of “{product}”.",
        "negative": "We are sorry that “{product}” let you down, and thank you for telling us.",
        "delivery": "We have passed your delivery feedback to our logistics team so that the next orders arrive on time.",
        "quality": "We will check the batch in our warehouse and pass your quality feedback to the manufacturer.",
        "size": "Please see the size chart in the listing: we have made it clearer to help with the choice.",
        "packaging": "We will strengthen the packaging so the item arrives intact.",
        "price": "We work to keep a fair price for this quality.",
        "description": "We will compare the description and photos in the listing with the item and correct anything inaccurate.",
        "policy_yes": "Please message us in the order chat: we will arrange a return or replacement under the marketplace rules.",
        "policy_no": "Please message us in the order chat and we will help sort this out.",
        "bye_positive": "We look forward to seeing you again!",
        "bye": "Kind regards, the store team.",
    },
}
