# numpy peer of vector.yaml (float64, as folio's numbers are).
import numpy as np

xs = np.arange(1, 10000001, dtype=np.float64)
ys = xs * 2 + 1
print(ys.sum())
