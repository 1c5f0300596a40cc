def main():
    m = {}
    for i in range(10000000):
        m[format(i, "x")] = i
    print(len(m))
main()
