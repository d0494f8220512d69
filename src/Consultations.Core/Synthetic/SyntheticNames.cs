namespace Consultations.Core.Synthetic;

/// <summary>How a generated person's name is built; the first five are the regional conventions the attribution guard knows.</summary>
public enum NamingTradition
{
    /// <summary>Family, middle and given name (Nguyễn Thị Hương); addressed by the given names.</summary>
    Vietnamese,

    /// <summary>Given names and a surname that may be compound (Ma. Theresa Delos Santos).</summary>
    Filipino,

    /// <summary>A given name, bin or binti, and the father's name (Nurul Izzah binti Hassan); there is no family name.</summary>
    Malay,

    /// <summary>A single name (Budi) or a given and a family name (Dian Pratama).</summary>
    Indonesian,

    /// <summary>Family name first (Tan Mei Ling), as in Malaysia and Singapore.</summary>
    Chinese,

    /// <summary>Given and family name, sometimes with a particle or diacritics (Anna van der Berg, Søren Møller).</summary>
    Western,

    /// <summary>A given and a family name from the country's own list (Khamla Phommachanh, Nimal Perera).</summary>
    Local,
}

/// <summary>
/// Invented names for generated registers (the <c>generate</c> command) and the guard benchmarks, in each tradition's own
/// order. Every draw takes the same values from the <see cref="Random"/> in the same order, so a seed always gives the same people.
/// </summary>
public static class SyntheticNames
{
    public static IReadOnlyList<string> VietnameseFamily { get; } = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];

    public static IReadOnlyList<string> VietnameseMiddle { get; } = ["Thị", "Văn", "Minh", "Thu", "Ngọc", "Đức", "Thanh", "Quốc", "Hữu", "Xuân", "Hồng", "Kim"];

    public static IReadOnlyList<string> VietnameseGiven { get; } = ["Hằng", "Anh", "Dũng", "Hương", "Lan", "Tuấn", "Hải", "Linh", "Phương", "Trang", "Hùng", "Nam", "Thảo", "Quân", "Mai", "Long", "Nga", "Sơn"];

    public static IReadOnlyList<string> FilipinoGiven { get; } = ["Antonio", "Maria", "Jose", "Ana", "Juan", "Cristina", "Ramon", "Liza", "Mark Anthony", "Joy", "Rowena", "Paolo", "Grace", "Miguel", "Kristine", "Noel", "Ma. Theresa", "Jerome"];

    public static IReadOnlyList<string> FilipinoSurname { get; } = ["Reyes", "Santos", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva", "Dela Cruz", "Delos Santos", "De Guzman", "Aquino", "Ramos", "Navarro", "Castillo", "Del Rosario", "Soriano", "Manalo", "Pascual"];

    public static IReadOnlyList<string> MalayGivenMale { get; } = ["Ahmad", "Muhammad Faiz", "Hafiz", "Amir", "Azlan", "Syed Hamid", "Khairul Anuar", "Farid", "Zulkifli", "Ikhwan"];

    public static IReadOnlyList<string> MalayGivenFemale { get; } = ["Nurul Izzah", "Siti Aisyah", "Nur Aina", "Farah", "Aminah", "Zainab", "Nor Hayati", "Sharifah", "Aida", "Hanis"];

    public static IReadOnlyList<string> MalayFather { get; } = ["Hassan", "Abdullah", "Ismail", "Ibrahim", "Osman", "Rahman", "Yusof", "Hamzah", "Mohd Noor", "Aziz"];

    public static IReadOnlyList<string> IndonesianSingle { get; } = ["Budi", "Sukarno", "Wahyu", "Suharti", "Yanto", "Sri", "Darmawan", "Kartini"];

    public static IReadOnlyList<string> IndonesianGiven { get; } = ["Dian", "Agus", "Rina", "Eko", "Putri", "Bambang", "Ratna", "Adi", "Siti", "Hendra", "Wulan", "Teguh"];

    public static IReadOnlyList<string> IndonesianFamily { get; } = ["Santoso", "Wijaya", "Pratama", "Kusuma", "Hidayat", "Saputra", "Nugroho", "Setiawan", "Lestari", "Gunawan", "Siregar", "Simanjuntak"];

    public static IReadOnlyList<string> ChineseSurname { get; } = ["Tan", "Lim", "Lee", "Ng", "Wong", "Chong", "Ong", "Teo", "Goh", "Chan", "Yap", "Khoo", "Loh", "Cheah"];

    public static IReadOnlyList<string> ChineseGiven { get; } = ["Mei Ling", "Wei Jie", "Kok Leong", "Siew Lan", "Chee Keong", "Hui Min", "Boon Hock", "Li Ying", "Jia Hui", "Kah Wai", "Soo Fen", "Eng Huat"];

    // Staff of international partners; no given name that is also a common English word (Hope, Will), which notes use as words.
    public static IReadOnlyList<string> WesternGiven { get; } = ["Annika", "Thomas", "Sarah", "Matthias", "Ingrid", "Laurent", "Émilie", "Søren", "Fiona", "Patrick", "Helena", "Joaquín", "Marta", "Olivier", "Katarzyna", "Niamh"];

    public static IReadOnlyList<string> WesternFamily { get; } = ["Halvorsen", "Whitfield", "Brennan", "Schröder", "Lindqvist", "Moreau", "van der Berg", "O'Sullivan", "Kowalski", "Müller", "Fitzgerald", "Dubois", "Møller", "Castellanos", "Novak", "de Vries"];

    /// <summary>A name in <paramref name="tradition"/>; <see cref="NamingTradition.Local"/> takes its parts from <paramref name="localGiven"/> and <paramref name="localFamily"/>.</summary>
    public static string Person(Random random, NamingTradition tradition, IReadOnlyList<string>? localGiven = null, IReadOnlyList<string>? localFamily = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        return tradition switch
        {
            NamingTradition.Vietnamese => $"{Pick(random, VietnameseFamily)} {Pick(random, VietnameseMiddle)} {Pick(random, VietnameseGiven)}",
            NamingTradition.Filipino => $"{Pick(random, FilipinoGiven)} {Pick(random, FilipinoSurname)}",
            NamingTradition.Malay => random.Next(2) == 0
                ? $"{Pick(random, MalayGivenMale)} bin {Pick(random, MalayFather)}"
                : $"{Pick(random, MalayGivenFemale)} binti {Pick(random, MalayFather)}",
            NamingTradition.Indonesian => random.Next(3) == 0 ? Pick(random, IndonesianSingle) : $"{Pick(random, IndonesianGiven)} {Pick(random, IndonesianFamily)}",
            NamingTradition.Chinese => $"{Pick(random, ChineseSurname)} {Pick(random, ChineseGiven)}",
            NamingTradition.Western => $"{Pick(random, WesternGiven)} {Pick(random, WesternFamily)}",
            _ => $"{Pick(random, localGiven ?? WesternGiven)} {Pick(random, localFamily ?? WesternFamily)}",
        };
    }

    private static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];
}
