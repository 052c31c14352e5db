"""Demo catalogue: goods a Tashkent seller lists on Uzum, Wildberries, Ozon and Yandex Market.

Data only (read by partners.services.demo). Prices and costs in UZS, weight in grams,
dimensions in millimetres (length, width, height). Barcodes are EAN-13 under the GS1
Uzbekistan prefix 478, with a correct check digit computed at load time.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

WAREHOUSES: list[dict[str, Any]] = [
    {"name": "Toshkent, Sergeli", "location": "Tashkent, Sergeli district, Yangi Sergeli 12",
     "capacity_kg": 25000, "storage_type": "dry"},
    {"name": "Samarqand", "location": "Samarkand, Registon ko'chasi 45", "capacity_kg": 8000,
     "storage_type": "dry"},
]

# sku, title, brand, category, price, cost, weight_g, (l, w, h), attributes, (stock wh1, stock wh2)
_ROWS: list[tuple] = [
    ("EL-0001", "Смартфон Samsung Galaxy A15 4/128 ГБ, чёрный", "Samsung", "Электроника / Смартфоны",
     2_190_000, 1_850_000, 200, (170, 85, 20), {"memory_gb": 128, "ram_gb": 4, "color": "чёрный"}, (35, 12)),
    ("EL-0002", "Смартфон Xiaomi Redmi 13C 8/256 ГБ, синий", "Xiaomi", "Электроника / Смартфоны",
     1_990_000, 1_640_000, 205, (170, 85, 20), {"memory_gb": 256, "ram_gb": 8, "color": "синий"}, (40, 15)),
    ("EL-0003", "Наушники беспроводные Xiaomi Redmi Buds 5", "Xiaomi", "Электроника / Наушники",
     349_000, 255_000, 120, (90, 70, 35), {"type": "TWS", "anc": True}, (80, 30)),
    ("EL-0004", "Power bank Baseus 20000 мАч, 22,5 Вт", "Baseus", "Электроника / Аккумуляторы",
     289_000, 205_000, 420, (155, 75, 30), {"capacity_mah": 20000, "power_w": 22.5}, (60, 20)),
    ("EL-0005", "Умные часы Amazfit Bip 5, серые", "Amazfit", "Электроника / Умные часы",
     899_000, 720_000, 150, (120, 90, 60), {"display_in": 1.91, "gps": True}, (18, 6)),
    ("EL-0006", "Кабель USB-C — USB-C Anker, 1,8 м, 100 Вт", "Anker", "Электроника / Кабели",
     119_000, 70_000, 60, (120, 80, 20), {"length_m": 1.8, "power_w": 100}, (150, 50)),
    ("EL-0007", "Ноутбук Lenovo IdeaPad Slim 3 15\", i5/16/512", "Lenovo", "Электроника / Ноутбуки",
     8_490_000, 7_300_000, 2100, (460, 300, 70), {"cpu": "Intel Core i5-12450H", "ram_gb": 16, "ssd_gb": 512},
     (7, 2)),
    ("BT-0001", "Холодильник Artel HD 455 FWEN, двухкамерный, белый", "Artel", "Бытовая техника / Холодильники",
     5_790_000, 4_900_000, 62000, (1800, 600, 650), {"volume_l": 350, "no_frost": True}, (9, 3)),
    ("BT-0002", "Стиральная машина Artel WF60F010AW, 6 кг", "Artel", "Бытовая техника / Стиральные машины",
     3_350_000, 2_850_000, 55000, (850, 600, 450), {"load_kg": 6, "spin_rpm": 1000}, (6, 2)),
    ("BT-0003", "Кондиционер Shivaki SSH-P129DC, инвертор, 12000 BTU", "Shivaki", "Бытовая техника / Климат",
     4_250_000, 3_600_000, 38000, (950, 400, 350), {"btu": 12000, "inverter": True}, (5, 4)),
    ("BT-0004", "Электрочайник Artel ART-KE 1505, 1,7 л", "Artel", "Бытовая техника / Чайники",
     219_000, 150_000, 1100, (230, 160, 250), {"volume_l": 1.7, "power_w": 2200}, (70, 25)),
    ("BT-0005", "Пылесос Samsung VC18M21A0SB, 1800 Вт", "Samsung", "Бытовая техника / Пылесосы",
     1_290_000, 1_050_000, 6200, (420, 300, 280), {"power_w": 1800, "bagless": True}, (14, 5)),
    ("BT-0006", "Мультиварка Redmond RMC-M90, 5 л", "Redmond", "Бытовая техника / Мультиварки",
     849_000, 680_000, 4300, (350, 300, 280), {"volume_l": 5, "programs": 17}, (20, 8)),
    ("BT-0007", "Утюг Philips DST3020/20, 2200 Вт", "Philips", "Бытовая техника / Утюги",
     459_000, 360_000, 1400, (300, 130, 160), {"power_w": 2200, "steam_g_min": 40}, (25, 10)),
    ("DK-0001", "Казан чугунный узбекский, 12 л, с крышкой", "Bozor Home", "Дом и кухня / Посуда",
     520_000, 390_000, 9800, (450, 450, 250), {"volume_l": 12, "material": "чугун"}, (30, 12)),
    ("DK-0002", "Ляган керамический риштанский, 40 см, ручная роспись", "Rishton Kulol", "Дом и кухня / Посуда",
     380_000, 240_000, 2500, (420, 420, 60), {"diameter_cm": 40, "handmade": True}, (22, 9)),
    ("DK-0003", "Набор пиал «Пахта», 6 шт., фарфор", "Toshkent Chinni", "Дом и кухня / Посуда",
     165_000, 110_000, 900, (260, 180, 90), {"pieces": 6, "pattern": "пахта"}, (60, 24)),
    ("DK-0004", "Чайник заварочный «Пахта», 0,8 л", "Toshkent Chinni", "Дом и кухня / Посуда",
     98_000, 62_000, 650, (200, 140, 140), {"volume_l": 0.8}, (45, 15)),
    ("DK-0005", "Сюзане вышитое бухарское, 150×200 см", "Buxoro Sozana", "Дом и кухня / Текстиль",
     1_450_000, 980_000, 1800, (400, 300, 80), {"size_cm": "150x200", "handmade": True}, (8, 3)),
    ("DK-0006", "Курпача хлопковая, 190×70 см, атлас", "Marg'ilon Atlas", "Дом и кухня / Текстиль",
     310_000, 210_000, 3500, (700, 400, 150), {"size_cm": "190x70", "filling": "хлопок"}, (26, 10)),
    ("DK-0007", "Сковорода Tefal Daily Chef 26 см, антипригарная", "Tefal", "Дом и кухня / Посуда",
     329_000, 245_000, 1300, (480, 270, 60), {"diameter_cm": 26, "induction": True}, (35, 14)),
    ("DK-0008", "Полотенце махровое, 70×140 см, 100% хлопок", "Bozor Home", "Дом и кухня / Текстиль",
     89_000, 52_000, 450, (350, 250, 50), {"size_cm": "70x140", "density_gsm": 450}, (120, 40)),
    ("OD-0001", "Тюбетейка чуст, чёрная с белым узором", "Chust Do'ppi", "Одежда / Головные уборы",
     145_000, 90_000, 120, (200, 200, 100), {"size": "57", "handmade": True}, (40, 15)),
    ("OD-0002", "Платье из адраса, женское, миди", "Marg'ilon Atlas", "Одежда / Женская",
     560_000, 380_000, 400, (350, 280, 40), {"size": "M", "fabric": "адрас"}, (18, 7)),
    ("OD-0003", "Чапан мужской стёганый, бархат", "Buxoro Sozana", "Одежда / Мужская",
     1_150_000, 800_000, 1600, (500, 400, 100), {"size": "L", "fabric": "бархат"}, (6, 2)),
    ("OD-0004", "Футболка мужская хлопковая, базовая, белая", "Bozor Wear", "Одежда / Мужская",
     79_000, 41_000, 180, (300, 250, 20), {"size": "L", "color": "белый"}, (200, 80)),
    ("OD-0005", "Кроссовки мужские беговые, 42 р.", "Bozor Wear", "Обувь / Мужская",
     420_000, 290_000, 900, (330, 210, 120), {"size": "42", "color": "серый"}, (30, 10)),
    ("KR-0001", "Крем для рук с маслом хлопка, 75 мл", "Paxta Care", "Красота / Уход за телом",
     39_000, 21_000, 95, (160, 45, 35), {"volume_ml": 75}, (250, 90)),
    ("KR-0002", "Шампунь NIVEA «Объём и сила», 400 мл", "NIVEA", "Красота / Уход за волосами",
     58_000, 41_000, 450, (230, 75, 50), {"volume_ml": 400}, (150, 60)),
    ("KR-0003", "Масло усьмы для бровей и ресниц, 30 мл", "Paxta Care", "Красота / Уход за лицом",
     49_000, 24_000, 80, (110, 40, 40), {"volume_ml": 30}, (90, 40)),
    ("PR-0001", "Курага сушёная ферганская, 1 кг", "Farg'ona Meva", "Продукты / Сухофрукты",
     95_000, 62_000, 1050, (250, 180, 60), {"net_weight_g": 1000, "origin": "Фергана"}, (180, 70)),
    ("PR-0002", "Изюм кишмиш тёмный, 1 кг", "Farg'ona Meva", "Продукты / Сухофрукты",
     72_000, 45_000, 1050, (250, 180, 60), {"net_weight_g": 1000}, (160, 60)),
    ("PR-0003", "Миндаль узбекский, очищенный, 500 г", "Farg'ona Meva", "Продукты / Орехи",
     110_000, 78_000, 540, (200, 150, 50), {"net_weight_g": 500}, (120, 45)),
    ("PR-0004", "Чай зелёный № 95, 100 г", "Choyxona", "Продукты / Чай",
     28_000, 16_000, 115, (110, 70, 45), {"net_weight_g": 100}, (300, 120)),
    ("PR-0005", "Мёд горный натуральный, 500 г", "Chimyon Asal", "Продукты / Мёд",
     85_000, 55_000, 700, (100, 100, 110), {"net_weight_g": 500}, (75, 30)),
    ("DT-0001", "Подгузники Huggies Elite Soft 3 (5–9 кг), 72 шт.", "Huggies", "Детские товары / Подгузники",
     245_000, 195_000, 2300, (400, 250, 200), {"size": "3", "count": 72}, (60, 25)),
    ("DT-0002", "Конструктор LEGO City «Полицейский участок»", "LEGO", "Детские товары / Игрушки",
     990_000, 780_000, 1500, (480, 380, 90), {"age": "6+", "pieces": 668}, (10, 4)),
    ("DT-0003", "Бешик деревянный, ручная работа, с матрасом", "Bozor Home", "Детские товары / Мебель",
     1_300_000, 950_000, 12000, (1000, 500, 600), {"material": "дерево", "handmade": True}, (4, 2)),
    ("SP-0001", "Гантели разборные, 2×10 кг", "Bozor Sport", "Спорт / Тренажёры",
     480_000, 350_000, 20500, (400, 200, 200), {"weight_kg": 20}, (15, 6)),
    ("SP-0002", "Коврик для йоги TPE, 6 мм, 183×61 см", "Bozor Sport", "Спорт / Йога",
     135_000, 85_000, 900, (620, 130, 130), {"thickness_mm": 6}, (55, 20)),
]


def ean13(body12: str) -> str:
    """EAN-13 from 12 digits: weights 1,3,1,3… from the left; check digit makes the sum % 10 == 0."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


def demo_products() -> list[dict[str, Any]]:
    """Rows ready for partners.services.catalog.products_bulk_upsert, plus "stock" per warehouse."""
    rows = []
    for n, (sku, title, brand, category, price, cost, weight, (length, width, height), attrs, stock) in enumerate(
        _ROWS, start=1
    ):
        rows.append({
            "sku": sku, "title": title, "brand": brand, "category": category,
            "description": f"{title}. Бренд: {brand}. Доставка по всему Узбекистану.",
            "attributes": attrs, "barcode": ean13(f"478{n:09d}"),
            "price": Decimal(price), "cost": Decimal(cost), "currency": "UZS",
            "weight_g": weight, "length_mm": length, "width_mm": width, "height_mm": height,
            "images": [], "stock": stock,
        })
    return rows
