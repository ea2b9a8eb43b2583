"""The app boots, serves its pages and reports its health."""


def test_home_page_renders_in_thai(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "ปันสุข" in response.get_data(as_text=True)


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_tenant_landing_is_public(client, make_tenant):
    make_tenant(slug="khok-sai", name_th="สภาองค์กรชุมชนตำบลโคกทราย")
    response = client.get("/t/khok-sai/")
    assert response.status_code == 200
    assert "โคกทราย" in response.get_data(as_text=True)


def test_unknown_tenant_is_404(client):
    assert client.get("/t/nowhere/").status_code == 404
