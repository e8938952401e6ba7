"""The cached views: keyed by what their results depend on, and only that."""

from __future__ import annotations

import numpy as np

from concepts.gmm import views as gmm_views
def test_the_gmm_fit_is_keyed_by_where_the_data_came_from_not_by_hashing_the_points():
    """Issue 12: the page said the points were not hashed while Streamlit hashed them. Now the
    points travel as an unhashed argument and the data's origin (simulation settings, or the pasted
    text) is the key: the same key gives the cached fit even for other points, another key refits."""
    gmm_views._fit_view.clear()
    points = gmm_views.simulated_data(4.0, 0.5, 1.0, 1.0, 200, 1)
    first = gmm_views.fit_view(points, 2, 1, 0)
    impostor = gmm_views.Data(np.linspace(-1.0, 1.0, 200), points.key, points.truth)
    assert gmm_views.fit_view(impostor, 2, 1, 0) is first          # same key: no refit, no hashing of points
    other = gmm_views.simulated_data(4.0, 0.5, 1.0, 1.0, 200, 2)
    assert other.key != points.key and gmm_views.fit_view(other, 2, 1, 0) is not first
    pasted = gmm_views.pasted_data(" ".join(str(v) for v in range(20)))
    assert pasted.key == ("paste", " ".join(str(v) for v in range(20)))


def test_an_uploaded_file_is_read_by_its_id_and_bad_files_explained():
    import pytest

    from concepts.likelihood import views as likelihood_views
    data = likelihood_views.uploaded_data("file-1", b"1.5\n2.5\n3.5\n")
    assert data.key == ("upload", "file-1") and data.source == "pasted" and data.truth is None
    np.testing.assert_array_equal(data.points, [1.5, 2.5, 3.5])
    # the same id is the same upload: its bytes are not hashed again
    assert likelihood_views.uploaded_data("file-1", b"ignored").points is data.points
    with pytest.raises(ValueError, match="not UTF-8 text"):
        likelihood_views.uploaded_data("file-2", b"\xff\xfe\x00binary")
    with pytest.raises(ValueError, match="line 2: 'abc' is not a number"):
        likelihood_views.uploaded_data("file-3", b"1\nabc\n")
