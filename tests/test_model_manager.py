from studio.models.manager import ModelManager


def test_models_load_once_and_lazily():
    calls = []
    manager = ModelManager()
    assert manager.loaded() == []
    for _ in range(3):
        model = manager.acquire("llm", "tiny", "cpu", lambda: calls.append(1) or object())
    assert len(calls) == 1
    assert manager.acquire("llm", "tiny", "cpu", lambda: None) is model


def test_only_one_family_stays_on_the_gpu():
    manager = ModelManager()
    manager.acquire("llm", "qwen", "cuda", object)
    manager.acquire("t2i", "sd-turbo", "cpu", object)
    manager.acquire("svd", "svd-xt", "cuda", object)
    assert sorted((m.family, m.device) for m in manager.loaded()) == [("svd", "cuda"), ("t2i", "cpu")]


def test_asking_for_another_model_of_a_family_replaces_it():
    manager = ModelManager()
    manager.acquire("svd", "svd", "cpu", object)
    manager.acquire("svd", "svd-xt", "cpu", object)
    assert [m.name for m in manager.loaded()] == ["svd-xt"]


def test_status_reports_loaded_models_and_gpu_fields():
    manager = ModelManager()
    manager.acquire("llm", "tiny", "cpu", object)
    status = manager.status()
    assert status["loaded"][0]["name"] == "tiny"
    assert {"cuda", "gpu", "allocated_gb", "total_gb"} <= set(status)
