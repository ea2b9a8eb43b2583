"""The log-in rate limit counts attempts (POSTs), not visits to the page."""



def test_looking_at_the_log_in_page_does_not_use_up_attempts(client, make_user, limits_on):
    make_user(email="r@example.org")
    for _ in range(30):
        assert client.get("/login").status_code == 200
    response = client.post("/login", data={"login": "r@example.org", "password": "correct horse 1"})
    assert response.status_code == 302


def test_attempts_are_limited_per_address(make_client, limits_on):
    def attempt(i, address):
        return make_client().post(
            "/login",
            data={"login": f"guess{i}@example.org", "password": "wrong"},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    statuses = [attempt(i, "203.0.113.1") for i in range(11)]
    assert 429 not in statuses[:10] and statuses[10] == 429
    assert attempt(99, "198.51.100.1") == 422  # another address is not limited
