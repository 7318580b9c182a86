import pytest

from quanhe.api import process_text


def coded(pipeline, text, published=None, include_negated=False):
    doc = process_text(text, published=published, pipeline=pipeline)
    events = doc.candidates if include_negated else doc.events
    return [(e.type, sorted(r.id.split(":")[0] for r in e.source), sorted(r.id.split(":")[0] for r in e.target))
            for e in events]


def test_subject_verb_object(pipeline):
    assert ("SANCTION", ["FRA"], ["IRN"]) in coded(pipeline, "Pháp trục xuất hai nhà ngoại giao Iran hôm 3/5.")


def test_passive_with_bi(pipeline):
    assert ("SANCTION", ["JPN"], ["CHN"]) in coded(pipeline, "Ba nhà ngoại giao Trung Quốc bị Nhật Bản trục xuất.")


def test_nominalised_viec(pipeline):
    out = coded(pipeline, "Nguyên nhân là việc Australia trục xuất đại sứ Nga.")
    assert ("SANCTION", ["AUS"], ["RUS"]) in out


def test_coordinated_sources(pipeline):
    out = coded(pipeline, "Mỹ, Anh và Canada áp đặt các biện pháp trừng phạt Belarus.")
    assert ("SANCTION", ["CAN", "GBR", "USA"], ["BLR"]) in out


def test_negation_is_not_an_event(pipeline):
    assert coded(pipeline, "Ba Lan khẳng định không trục xuất nhà ngoại giao Nga.") == []
    assert coded(pipeline, "Việc này không có nghĩa Nga cắt đứt quan hệ ngoại giao với Mỹ.") == []


def test_conditional_threat_becomes_threaten(pipeline):
    out = coded(pipeline, "Iran cảnh báo sẵn sàng cắt đứt quan hệ ngoại giao với Anh nếu London tiếp tục can thiệp.")
    assert ("THREATEN", ["IRN"], ["GBR"]) in out
    assert not any(t == "SANCTION" for t, _, _ in out)


def test_negated_events_are_kept_flagged(pipeline):
    out = coded(pipeline, "Ba Lan khẳng định không trục xuất nhà ngoại giao Nga.", include_negated=True)
    assert out and out[0][0] == "SANCTION"


def test_symmetric_meeting(pipeline):
    out = coded(pipeline, "Ấn Độ và Pakistan hội đàm về Kashmir.")
    assert any(t == "CONSULT" and {*s, *g} == {"IND", "PAK"} for t, s, g in out)


def test_events_carry_provenance_and_derived_codes(pipeline):
    doc = process_text("Pháp trục xuất hai nhà ngoại giao Iran hôm 3/5.", published="2020-05-10", pipeline=pipeline)
    e = doc.events[0]
    assert e.cameo and e.goldstein is not None and e.quad_class == 4
    assert e.date == "2020-05-03" and e.date_text.endswith("3/5")
    assert e.coder_version and e.dictionary_version
    assert doc.text[e.start:e.end] == e.sentence
    assert e.trigger.split(" ... ")[0] == doc.text[e.trigger_start:e.trigger_start + len(e.trigger.split(" ... ")[0])]


@pytest.mark.parametrize("text", ["", "   ", "Nga.", "NATO NATO NATO trục xuất"])
def test_degenerate_text(pipeline, text):
    coded(pipeline, text or " ")


def test_speaker_named_after_the_quote(pipeline):
    out = coded(pipeline, "Chúng tôi kịch liệt phản đối việc Hàn Quốc tập trận, Ngoại trưởng Triều Tiên nhấn mạnh.")
    assert ("ACCUSE", ["PRK"], ["KOR"]) in out


def test_purpose_of_a_conflict_act_is_not_reported_as_done(pipeline):
    out = coded(pipeline, "Chính phủ Peru điều thêm binh sĩ tới miền núi để trấn áp phiến quân Shining Path.")
    assert not [e for e in out if e[0] == "ASSAULT"]


def test_hoped_for_act_is_not_an_event(pipeline):
    out = coded(pipeline, "Ông Annan hy vọng rằng Nga sẽ viện trợ cho Ukraine.")
    assert ("AID", ["RUS"], ["UKR"]) not in out


def test_background_tung_is_not_an_event(pipeline):
    out = coded(pipeline, "Canada, nước từng trục xuất các nhà ngoại giao Nga, hôm nay lên tiếng.")
    assert not [e for e in out if e[0] == "SANCTION"]


def test_protest_in_a_capital_is_domestic(pipeline):
    out = coded(pipeline, "Hôm qua, thủ đô Tbilisi chứng kiến một cuộc biểu tình lớn.")
    assert ("PROTEST", ["GEO"], ["GEO"]) in out


def test_meeting_between_a_and_b_with_voi(pipeline):
    out = coded(pipeline, "Cuộc gặp giữa Tổng thống Pháp với Thủ tướng Đức kéo dài hai giờ.")
    assert any(e[0] == "CONSULT" and {e[1][0], e[2][0]} == {"FRA", "DEU"} for e in out)


def test_threat_cue_stops_at_a_clause_boundary(pipeline):
    out = coded(pipeline, "Hamas đe dọa sẽ trả đũa Mỹ vì Israel ám sát một thủ lĩnh của Hamas.", include_negated=True)
    assert ("ASSAULT", ["ISR"], ["HAMAS"]) in out
    assert not [e for e in out if e[0] == "THREATEN" and e[1] == ["ISR"]]


def test_weighing_an_attack_is_a_threat(pipeline):
    out = coded(pipeline, "Quân đội Israel đang xem xét khả năng tấn công Iran.")
    assert ("THREATEN", ["ISR"], ["IRN"]) in out
    assert ("ASSAULT", ["ISR"], ["IRN"]) not in out


def test_agentless_retelling_merges_into_the_attributed_attack(pipeline):
    text = ("Nhóm Hamas nhận đã tấn công Israel bằng rocket hôm 3/5. "
            "Vụ tấn công này làm hai lính Israel thiệt mạng.")
    out = coded(pipeline, text)
    assert ("ASSAULT", ["HAMAS"], ["ISR"]) in out
    assert ("ASSAULT", [], ["ISR"]) not in out


def test_country_naming_a_topic_is_not_the_agent(pipeline):
    out = coded(pipeline, "Chiến tranh Iraq đã giết chết hàng nghìn lính Mỹ.")
    assert ("ASSAULT", ["IRQ"], ["USA"]) not in out


def test_dashed_aside_is_not_the_subject(pipeline):
    text = "Nga và Trung Quốc - hai thành viên thường trực của Hội đồng Bảo an - đều phản đối Mỹ."
    assert ("ACCUSE", ["CHN", "RUS"], ["USA"]) in coded(pipeline, text)


def test_feared_act_is_not_an_event(pipeline):
    out = coded(pipeline, "Israel lo ngại rằng Iran sẽ tấn công các thành phố của nước này.")
    assert not [e for e in out if e[0] == "ASSAULT"]


def test_act_after_doi_voi_is_a_topic(pipeline):
    out = coded(pipeline, "Trung Quốc bày tỏ sự ủng hộ đối với đề xuất Triều Tiên ngừng thử tên lửa.")
    assert not [e for e in out if e[0] == "REQUEST"]


def test_denying_a_report_answers_its_author(pipeline):
    assert ("REJECT", ["IRN"], ["USA"]) in coded(pipeline, "Iran bác bỏ cáo buộc của Mỹ về chương trình hạt nhân.")
    assert ("REJECT", ["THA"], ["USA"]) in coded(pipeline, "Thái Lan bác bỏ tin mà báo chí Mỹ đăng tải hôm qua.")


def test_denying_a_report_does_not_target_its_content(pipeline):
    out = coded(pipeline, "Hamas bác bỏ tin nhóm này sẽ hợp lực với Al-Qaeda.")
    assert not [e for e in out if e[0] == "REJECT" and e[2] == ["ALQAEDA"]]


def test_unnamed_gunmen_attack_a_named_victim(pipeline):
    out = coded(pipeline, "Hai tay súng đã nã đạn vào lãnh đạo đảng đối lập của Pakistan tại Karachi.")
    assert ("ASSAULT", [], ["PAK"]) in out


def test_at_the_request_of(pipeline):
    out = coded(pipeline, "Nghi phạm bị bắt tại Bern, Thụy Sĩ, theo yêu cầu của Mỹ.")
    assert ("REQUEST", ["USA"], ["CHE"]) in out


def test_long_passive_agent(pipeline):
    out = coded(pipeline, "Ba nhà ngoại giao Nga bị các lực lượng an ninh Ba Lan trục xuất hôm qua.")
    assert ("SANCTION", ["POL"], ["RUS"]) in out
    out = coded(pipeline, "Hamdan bị các lực lượng Afghanistan bắt sống trong cuộc chiến của Mỹ.")
    assert ("COERCE", ["AFG"], ["USA"]) not in out


def test_backing_phrase_names_who_supports_whom(pipeline):
    out = coded(pipeline, "Quân đội Iraq mở chiến dịch ở Tal Afar, với sự ủng hộ của Mỹ.")
    assert ("SUPPORT", ["USA"], ["IRQ"]) in out


def test_advice_to_own_citizens_is_not_an_event(pipeline):
    out = coded(pipeline, "Bộ Ngoại giao Mỹ khuyên người dân tránh xa các khu chợ ở Israel.")
    assert not [e for e in out if e[0] == "REQUEST"]


def test_possibility_is_not_an_event(pipeline):
    out = coded(pipeline, "Mỹ và Trung Quốc có thể thảo luận vấn đề này vào tuần tới.")
    assert not [e for e in out if e[0] == "CONSULT"]


def test_protest_against_someone(pipeline):
    out = coded(pipeline, "Hàng nghìn người Libăng tuần hành phản đối Syria tại Beirut.")
    assert ("PROTEST", ["LBN"], ["SYR"]) in out


def test_protesters_as_object_of_a_crackdown(pipeline):
    out = coded(pipeline, "Quân đội Uzbekistan trấn áp hàng nghìn người biểu tình tại Andijan.")
    assert not [e for e in out if e[0] == "PROTEST"]


def test_forecast_is_not_an_event(pipeline):
    out = coded(pipeline, "Giới quan sát dự đoán Ngoại trưởng Mỹ sẽ gặp Tổng thống Ai Cập vào tuần tới.")
    assert not [e for e in out if e[0] == "CONSULT"]


def test_signing_an_agreement_is_agree(pipeline):
    out = coded(pipeline, "Việt Nam và Nhật Bản ký một hiệp định thương mại hôm 2/3.")
    assert any(e[0] == "AGREE" and {e[1][0], e[2][0]} == {"VNM", "JPN"} for e in out)


def test_announced_killing_is_a_threat(pipeline):
    out = coded(pipeline, "Nhóm Hamas tuyên bố sẽ tấn công Israel.", include_negated=True)
    assert ("THREATEN", ["HAMAS"], ["ISR"]) in out
    assert ("ASSAULT", ["HAMAS"], ["ISR"]) not in out


def test_threat_aimed_at_the_subject_of_its_condition(pipeline):
    out = coded(pipeline, "Bắc Kinh đe dọa sẽ dùng vũ lực nếu Đài Bắc tuyên bố độc lập.")
    assert ("THREATEN", ["CHN"], ["TWN"]) in out


def test_visit_of_a_to_b(pipeline):
    out = coded(pipeline, "Ngoại trưởng Ai Cập đưa ra cam kết trong chuyến thăm của Ngoại trưởng Israel tới Cairo.")
    assert any(e[0] == "CONSULT" and {e[1][0], e[2][0]} == {"ISR", "EGY"} for e in out)


def test_meeting_with_named_partner(pipeline):
    out = coded(pipeline, "Tổng thống Ukraine khẳng định trong cuộc gặp với Tổng thống Nga rằng quan hệ sẽ tốt đẹp.")
    assert any(e[0] == "CONSULT" and {e[1][0], e[2][0]} == {"UKR", "RUS"} for e in out)


def test_rejecting_a_request_answers_who_made_it(pipeline):
    assert ("REJECT", ["USA"], ["JPN"]) in coded(pipeline, "Mỹ đã bác bỏ đề nghị của Tokyo về việc miễn truy tố.")


def test_relative_clause_points_back(pipeline):
    out = coded(pipeline, "Thủ tướng Nhật tiếp tục thăm ngôi đền, điều mà Bắc Kinh kịch liệt phản đối.")
    assert ("ACCUSE", ["CHN"], ["JPN"]) in out


def test_moscow_before_1992_is_the_soviet_union(pipeline):
    out = coded(pipeline, "Quân Đức phong tỏa Matxcơva năm 1941.")
    assert ("COERCE", ["DEU"], ["SUN"]) in out


def test_press_is_not_a_political_source(pipeline):
    out = coded(pipeline, "Các tờ báo Hà Lan kêu gọi chính phủ Pháp hàn gắn quan hệ.")
    assert not [e for e in out if e[0] == "REQUEST"]


def test_offer_is_not_the_act(pipeline):
    out = coded(pipeline, "IAEA sẵn sàng làm việc với Bình Nhưỡng để giải quyết vấn đề.")
    assert not [e for e in out if e[0] == "CONSULT"]


def test_apposition_subject(pipeline):
    out = coded(pipeline, "EU chịu sức ép từ Mỹ, quốc gia kịch liệt phản đối Trung Quốc.")
    assert ("ACCUSE", ["USA"], ["CHN"]) in out


def test_meeting_partner_named_before_the_meeting_noun(pipeline):
    out = coded(pipeline, "Thủ tướng Nhật nói với Ngoại trưởng Mỹ trong cuộc hội đàm hôm nay rằng quan hệ rất tốt.")
    assert any(e[0] == "CONSULT" and {e[1][0], e[2][0]} == {"JPN", "USA"} for e in out)


def test_act_referred_to_with_a_demonstrative_is_not_new(pipeline):
    out = coded(pipeline, "Tổng thống Nga nhắc lại cam kết này trong bài phát biểu tại Munich.")
    assert not [e for e in out if e[0] == "AGREE"]


def test_agreement_to_act_addresses_the_articles_counterpart(pipeline):
    text = "Bắc Triều Tiên và Mỹ đã đàm phán nhiều tháng. Bắc Triều Tiên tuyên bố đồng ý quay lại bàn đàm phán."
    assert ("AGREE", ["PRK"], ["USA"]) in coded(pipeline, text)


def test_predicate_nominal_is_not_the_subject(pipeline):
    text = "Australia là một trong những quốc gia phương Tây đầu tiên thiết lập quan hệ với Triều Tiên."
    out = coded(pipeline, text)
    assert ("AGREE", ["AUS"], ["PRK"]) in out or ("AGREE", ["PRK"], ["AUS"]) in out


def test_request_to_staff_takes_no_addressee_from_context(pipeline):
    text = "Mỹ và Nepal bất đồng. Mỹ đã yêu cầu các nhân viên đại sứ quán rời khỏi Nepal."
    assert ("REQUEST", ["USA"], ["NPL"]) not in coded(pipeline, text)


def test_speaker_demanding_that_another_actor_act(pipeline):
    text = "Bắc Kinh nhấn mạnh rằng Đài Bắc phải công nhận nguyên tắc một Trung Quốc."
    out = coded(pipeline, text)
    assert ("REQUEST", ["CHN"], ["TWN"]) in out


def test_obligation_without_speaker_is_not_an_act(pipeline):
    out = coded(pipeline, "Mỹ cần phải rút quân khỏi Iraq.")
    assert not [e for e in out if e[0] == "RETREAT"]


def test_topic_of_talks_is_not_a_party(pipeline):
    out = coded(pipeline, "Hội đồng Bảo an sẽ bàn bạc về các hoạt động hạt nhân của Iran.")
    assert not [e for e in out if e[0] == "CONSULT" and e[2] == ["IRN"]]


def test_act_asked_for_is_not_done(pipeline):
    out = coded(pipeline, "Liên Hợp Quốc kêu gọi Syria rút quân khỏi Libăng.")
    assert ("REQUEST", ["UN"], ["SYR"]) in out
    assert not [e for e in out if e[0] == "RETREAT"]


def test_time_zone_is_not_an_actor(pipeline):
    out = coded(pipeline, "Thủ tướng Nhật đến thăm đền Yasukuni lúc 10h giờ Tokyo (8h giờ Hà Nội).")
    assert not [e for e in out if "VNM" in e[2]]


def test_participants_are_not_an_act(pipeline):
    out = coded(pipeline, "Cảnh sát Pháp dùng hơi cay chống những người phản đối Mỹ.")
    assert not [e for e in out if e[0] == "ACCUSE"]


def test_other_side_of_a_bargain(pipeline):
    out = coded(pipeline, "Hàn Quốc hứa viện trợ để đổi lấy việc Bình Nhưỡng từ bỏ chương trình hạt nhân.")
    assert ("AGREE", ["KOR"], ["PRK"]) in out


def test_nominal_withdrawal_of_troops_from_a_place(pipeline):
    out = coded(pipeline, "Việc triệt thoái quân đội Syria khỏi Libăng hoàn tất hôm nay.")
    assert ("RETREAT", ["SYR"], ["LBN"]) in out


def test_needs_target_reaches_a_with_phrase(pipeline):
    out = coded(pipeline, "Ông Putin bày tỏ mong muốn thực hiện chuyến đi với các quan chức Trung Quốc.")
    assert ("AGREE", ["RUS"], ["CHN"]) in out


def test_plans_roles_and_conditions_are_descriptive(pipeline):
    out = coded(pipeline, "Đảng Likud phản đối kế hoạch rút quân khỏi Gaza của Thủ tướng Israel.")
    assert not [e for e in out if e[0] == "RETREAT"]


def test_treaty_named_after_a_city_is_not_an_actor(pipeline):
    out = coded(pipeline, "Hiệp ước Matxcơva yêu cầu Mỹ giảm số đầu đạn hạt nhân.")
    assert not [e for e in out if e[0] == "REQUEST" and e[1] == ["RUS"]]


def test_requester_is_the_subject_not_the_earlier_speaker(pipeline):
    text = "Ngoại trưởng Ukraine bình luận rằng nước này muốn ở lại, tuy Liên Hợp Quốc đã yêu cầu họ rút quân."
    assert not [e for e in coded(pipeline, text) if e[0] == "REQUEST" and e[1] == ["UKR"]]


def test_acts_listed_in_a_proposal_are_not_done(pipeline):
    out = coded(pipeline, "Ông Trần đề nghị mở văn phòng liên lạc, cử đặc phái viên tới Bắc Kinh.", include_negated=False)
    assert not [e for e in out if e[0] == "CONSULT"]


def test_crackdown_on_a_protest_is_not_a_protest_event(pipeline):
    out = coded(pipeline, "Cảnh sát Trung Quốc trấn áp biểu tình ở Quảng Châu.")
    assert not [e for e in out if e[0] == "PROTEST"]


def test_speaker_demands_what_a_state_must_do(pipeline):
    out = coded(pipeline, "Ngoại trưởng Pháp khẳng định Syria phải minh bạch hóa mọi khoản chi quân sự.")
    assert ("REQUEST", ["FRA"], ["SYR"]) in out
    # caused, not demanded: no request
    out = coded(pipeline, "Ông Lavrov cho rằng các cuộc biểu tình khiến Ukraine phải xem xét lại kế hoạch.")
    assert not any(t == "REQUEST" for t, _, _ in out)


def test_arrest_by_police_with_no_one_else_named_is_domestic(pipeline):
    out = coded(pipeline, "Cảnh sát Indonesia đã bắt hai nghi phạm ở Jakarta hôm 5/3.")
    assert ("COERCE", ["IDN"], ["IDN"]) in out
    assert coded(pipeline, "Indonesia đã bắt đầu đàm phán về thuế quan.") == []


def test_light_verb_across_a_count(pipeline):
    out = coded(pipeline, "Nhóm Abu Sayyaf đã thực hiện nhiều vụ đánh bom nhằm vào các mục tiêu của Philippines.")
    assert ("ASSAULT", ["ABUSAYYAF"], ["PHL"]) in out


def test_opposition_accuses_its_own_government(pipeline):
    out = coded(pipeline, "Phe đối lập Campuchia cáo buộc chính phủ gian lận bầu cử.")
    assert ("ACCUSE", ["KHM"], ["KHM"]) in out


def test_protest_by_people_named_as_its_owner(pipeline):
    out = coded(pipeline, "Ai Cập triệu hồi đại sứ sau khi cuộc nổi dậy của người Palestine bùng phát.")
    assert ("PROTEST", ["PSE"], ["PSE"]) in out
    assert ("PROTEST", ["EGY"], ["EGY"]) not in out


def test_rejecting_a_demand_targets_its_owner(pipeline):
    out = coded(pipeline, "Ngoại trưởng Chile bác yêu cầu dẫn độ của Peru.")
    assert ("REJECT", ["CHL"], ["PER"]) in out


def test_withdrawal_from_a_territory_targets_its_state(pipeline):
    out = coded(pipeline, "Quân đội Israel đã hoàn tất việc rút khỏi Dải Gaza.")
    assert ("RETREAT", ["ISR"], ["PSE"]) in out


def test_act_of_the_accused_is_alleged_not_reported(pipeline):
    out = coded(pipeline, "Tổng thống Bolivia cáo buộc Mỹ hậu thuẫn cho phe đối lập.")
    assert ("ACCUSE", ["BOL"], ["USA"]) in out
    assert not any(t == "SUPPORT" for t, _, _ in out)
    # a reported act after "việc" stays an act
    out = coded(pipeline, "Bắc Kinh phản đối việc Nhật Bản trục xuất hai nhà ngoại giao Trung Quốc.")
    assert ("SANCTION", ["JPN"], ["CHN"]) in out


def test_accuser_goes_on_to_its_own_act(pipeline):
    out = coded(pipeline, "Nga chỉ trích Mỹ và kêu gọi Washington rút quân khỏi Iraq.")
    assert ("ACCUSE", ["RUS"], ["USA"]) in out
    assert ("REQUEST", ["RUS"], ["USA"]) in out


def test_condemned_act_is_coded_with_the_accused_as_source(pipeline):
    out = coded(pipeline, "Nga lên án Mỹ không kích Syria.")
    assert ("ASSAULT", ["USA"], ["SYR"]) in out


def test_therefore_and_conditions_are_not_demands(pipeline):
    for text in ("Ngoại trưởng Nga nói vì Mỹ tấn công Iraq nên Iran lo ngại.",
                 "Ông Putin nói Mỹ đang ép Ukraine phải chọn phe.",
                 "Ông Bush nói rằng nếu Iraq phải lựa chọn, Iraq sẽ chọn Mỹ.",
                 "Sau khi Mỹ tuyên bố trừng phạt, Iran phải giảm sản lượng dầu mỏ."):
        assert not any(t == "REQUEST" for t, _, _ in coded(pipeline, text, include_negated=True)), text
    out = coded(pipeline, "Ông Lavrov nói thế giới tôn trọng Iran nhưng nước này phải minh bạch hơn.")
    assert ("REQUEST", ["RUS"], ["IRN"]) in out


def test_accusation_after_an_act_takes_its_parties_but_not_after_doi_voi(pipeline):
    out = coded(pipeline, "Ba Lan trục xuất hai nhà ngoại giao Nga hôm 3/4 với cáo buộc gián điệp.")
    assert ("ACCUSE", ["POL"], ["RUS"]) in out
    out = coded(pipeline, "Mỹ trừng phạt Iran, đối với chỉ trích của Nga, Washington im lặng.")
    assert ("ACCUSE", ["USA"], ["IRN"]) not in out


def test_retellings_merge_by_kind(pipeline):
    # the same attack told twice in other words is one event
    doc = process_text("Mỹ không kích Iraq. Cuộc tấn công của Mỹ nhằm vào Iraq làm 3 người chết.", pipeline=pipeline)
    assert [(e.type, len(e.mentions)) for e in doc.events] == [("ASSAULT", 2)]
    # two statements in two sentences stay two events
    doc = process_text("Nga chỉ trích NATO. Bộ Ngoại giao Nga còn lên án NATO.", pipeline=pipeline)
    assert [e.type for e in doc.events] == ["ACCUSE", "ACCUSE"]


def test_bare_institution_at_a_place_and_demonstratives(pipeline):
    out = coded(pipeline, "Phe đối lập tại Kenya cáo buộc chính phủ gian lận.")
    assert ("ACCUSE", ["KEN"], ["KEN"]) in out


def test_pair_of_countries_skips_organisations(pipeline):
    doc = process_text("Ấn Độ và Pakistan dự hội nghị của Khối Thịnh vượng chung. Hai nước thống nhất mở lại đường bay.",
                       pipeline=pipeline)
    pair = sorted(m.id for m in doc.actors if m.text == "Hai nước")
    assert pair == ["IND", "PAK"]


def test_dated_past_act_and_habits(pipeline):
    out = coded(pipeline, "Israel từng tấn công lò phản ứng của Iraq năm 1981.")
    assert ("ASSAULT", ["ISR"], ["IRQ"]) in out
    assert coded(pipeline, "Israel từng tấn công Iraq, theo một báo cáo năm 2005.") == []


def test_police_mobilisation_is_domestic(pipeline):
    out = coded(pipeline, "Khoảng 500 cảnh sát Belarus được huy động để đối phó với đoàn biểu tình.")
    assert ("MOBILIZE", ["BLR"], ["BLR"]) in out


def test_criticism_met_by_an_act_is_aimed_at_its_subject(pipeline):
    out = coded(pipeline, "Tổng thống Belarus giải tán quốc hội trong sự chỉ trích của Liên minh châu Âu.")
    assert ("ACCUSE", ["EU"], ["BLR"]) in out


def test_arrested_group_members_are_not_taken_for_the_state_s_own_people(pipeline):
    out = coded(pipeline, "Cảnh sát Indonesia đã bắt hai người bị tình nghi là thành viên của một nhóm chiến binh.")
    assert ("COERCE", ["IDN"], ["IDN"]) not in out


def test_unnamed_person_before_a_passive_is_not_the_last_actor(pipeline):
    out = coded(pipeline, "Ông Putin sẽ đánh giá tư cách của người được Mỹ trả tự do.")
    assert not any(t == "RETREAT" and tgt == ["RUS"] for t, _, tgt in out)
    # a relative clause describes the actor before it
    out = coded(pipeline, "Cựu tổng thống Iraq Saddam Hussein, người bị liên quân lật đổ năm 2003, ra tòa.")
    assert ("COERCE", ["USA"], ["IRQ"]) in out
