"""Fixtures for the corpus tests: small stores built from our own example articles and the seeds."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quanhe import api

# Short articles written for these tests (not copied from any outlet).
EXPELLED_1 = (
    "Pháp trục xuất hai nhà ngoại giao Iran\n"
    "Bộ Ngoại giao Pháp hôm thứ Ba thông báo trục xuất hai nhà ngoại giao Iran làm việc tại Paris. "
    "Theo phía Pháp, hai người này bị cáo buộc tham gia hoạt động gián điệp nhằm vào cộng đồng người Iran lưu vong. "
    "Iran phản đối quyết định của Pháp và tuyên bố sẽ có biện pháp đáp trả tương xứng. "
    "Quan hệ giữa Paris và Tehran vốn đã căng thẳng trong nhiều tháng qua vì chương trình hạt nhân của Iran."
)
EXPELLED_2 = (
    "Paris yêu cầu hai nhà ngoại giao Iran rời khỏi nước Pháp\n"
    "Chính phủ Pháp đã trục xuất hai nhà ngoại giao Iran sau khi phát hiện họ liên quan tới hoạt động gián điệp. "
    "Người phát ngôn Bộ Ngoại giao Pháp cho biết hai nhà ngoại giao phải rời Paris trong vòng 48 giờ. "
    "Tehran lập tức triệu tập đại sứ Pháp để phản đối và cảnh báo quan hệ song phương sẽ bị ảnh hưởng. "
    "Giới phân tích cho rằng vụ việc khiến căng thẳng giữa Pháp và Iran leo thang."
)
FLOOD = (
    "Lũ lụt nghiêm trọng ở miền bắc Bangladesh\n"
    "Mưa lớn kéo dài suốt một tuần đã gây ngập lụt trên diện rộng tại các tỉnh miền bắc Bangladesh. "
    "Hàng nghìn ngôi nhà bị cuốn trôi, nhiều tuyến đường và cây cầu bị hư hỏng nặng. "
    "Chính quyền địa phương đã sơ tán người dân tới các trường học và trung tâm cứu trợ tạm thời. "
    "Các tổ chức nhân đạo kêu gọi hỗ trợ lương thực, nước sạch và thuốc men cho người dân vùng lũ."
)
TRADE = (
    "Nhật Bản và Australia ký hiệp định thương mại tự do\n"
    "Nhật Bản và Australia đã ký kết hiệp định thương mại tự do sau nhiều năm đàm phán. "
    "Theo thỏa thuận, hai nước sẽ giảm thuế đối với thịt bò, ô tô và các sản phẩm điện tử. "
    "Thủ tướng hai nước khẳng định hiệp định mở ra giai đoạn hợp tác kinh tế mới. "
    "Các doanh nghiệp xuất khẩu của Australia hoan nghênh quyết định này."
)
# A re-post of EXPELLED_1 with a different headline and one word changed.
EXPELLED_1_COPY = EXPELLED_1.replace("hôm thứ Ba", "hôm thứ ba").replace(
    "Pháp trục xuất hai nhà ngoại giao Iran\n", "Pháp trục xuất nhà ngoại giao Iran\n", 1)

ARTICLES = [
    {"id": "ex-expel-1", "source": "Báo A", "published": "2023-03-07", "text": EXPELLED_1},
    {"id": "ex-flood", "source": "Báo B", "published": "2023-03-08", "text": FLOOD},
    {"id": "ex-trade", "source": "Báo A", "published": "2023-03-09", "text": TRADE},
    {"id": "ex-expel-2", "source": "Báo C", "published": "2023-03-08", "text": EXPELLED_2},
    {"id": "ex-expel-copy", "source": "Báo D", "published": "2023-03-09", "text": EXPELLED_1_COPY},
]


def _records(items: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for a in items:
        title, body = a["text"].split("\n", 1)
        out.append({**a, "title": title, "text": body})
    return out


def write_jsonl(path: Path, items: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(items)), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the example articles, no stories yet (copy it before writing)."""
    root = tmp_path_factory.mktemp("examples")
    db = root / "ex.duckdb"
    api.run([str(write_jsonl(root / "ex.jsonl", ARTICLES))], db=db)
    return db


@pytest.fixture(scope="session")
def seeds_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seeds stored with their month of publication (they carry no date themselves)."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    api.run([str(shared / "seeds")], db=db, published="2021-10-20")
    return db


@pytest.fixture
def copy_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    def _copy(db: Path) -> Path:
        target = tmp_path / db.name
        shutil.copy(db, target)
        return target
    return _copy
