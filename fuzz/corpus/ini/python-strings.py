A = '''multi
line''' # c
B = (1,
     2)
if A:
    C = 3
D = \
    4
#E = {
#  'x': 1
#}
