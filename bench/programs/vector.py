# Pure-Python peer of vector.yaml (lists), for reference beside numpy.
xs = list(range(1, 10000001))
ys = [x * 2 + 1 for x in xs]
print(sum(ys))
